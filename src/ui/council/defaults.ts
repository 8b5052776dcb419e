/**
 * The council the view proposes: the capacity plan's recommended council when the hardware part
 * provides one, else the project's tiny generated model ×2 (it runs anywhere, offline). The
 * hardware module is looked up at build time without a hard import, so either can ship first.
 */
const hardwareModules = import.meta.glob<Record<string, unknown>>('../../hardware/hardware.svelte.ts', { eager: true });

export const FALLBACK_MODEL = 'generated:wirthforge-tiny';

export function recommendedMemberIds(): { ids: string[]; fromPlan: boolean } {
  for (const mod of Object.values(hardwareModules)) {
    const hw = mod.hardware as { plan?: { recommendedCouncil?: { memberModelIds?: string[] } } | null } | undefined;
    const ids = hw?.plan?.recommendedCouncil?.memberModelIds;
    if (Array.isArray(ids) && ids.length) return { ids: [...ids], fromPlan: true };
  }
  return { ids: [FALLBACK_MODEL, FALLBACK_MODEL], fromPlan: false };
}
