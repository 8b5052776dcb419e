/**
 * The council the view proposes: the capacity plan's recommended council, else the project's tiny
 * generated model ×2 (it runs anywhere, offline).
 */
import { recommendedCouncil } from '../../council/capacity-feedback';

export const FALLBACK_MODEL = 'generated:wirthforge-tiny';

export function recommendedMemberIds(): { ids: string[]; fromPlan: boolean } {
  const ids = recommendedCouncil();
  return ids ? { ids, fromPlan: true } : { ids: [FALLBACK_MODEL, FALLBACK_MODEL], fromPlan: false };
}
