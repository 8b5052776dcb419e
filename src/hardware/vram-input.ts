/**
 * The GPU memory (VRAM) a person types on the Overview: browsers hide it, so this is the only way
 * the plan learns it. GiB, as GPUs are sold ("8 GB" cards hold 8 GiB).
 */

/** What a stored value may be: below 0.25 GB no model fits; above 1 TB is a typo. */
export const VRAM_GB_RANGE = { min: 0.25, max: 1024 } as const;

export type VramInput = { ok: true; gb: number | null } | { ok: false; reason: string };

/** "8", "8 GB", "12,5" → GB; "" → null (not entered: the plan assumes it); anything else → why not. */
export function parseVramInput(text: string): VramInput {
  const t = text.trim().replace(/\s*gi?b$/i, '').replace(',', '.');
  if (t === '') return { ok: true, gb: null };
  const gb = /^\d+(\.\d+)?$|^\.\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(gb)) return { ok: false, reason: 'Enter the GPU memory as a number of GB, e.g. 8.' };
  if (gb < VRAM_GB_RANGE.min) return { ok: false, reason: `At least ${VRAM_GB_RANGE.min} GB: no model runs in less.` };
  if (gb > VRAM_GB_RANGE.max) return { ok: false, reason: `At most ${VRAM_GB_RANGE.max} GB: no GPU has more.` };
  return { ok: true, gb };
}
