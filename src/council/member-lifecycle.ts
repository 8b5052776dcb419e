/**
 * A council member's lifecycle as one explicit state machine (issue 9; seed "Council Orchestrator",
 * "Response Timer"). The council changes a member's state only through `transition`, so a late
 * result of an old load or a dead engine can never move a member somewhere it cannot be.
 *
 *   loading ─→ calibrating ─→ idle ⇄ generating
 *      │            │          │         │
 *      └────────────┴──→ failed ←────────┘ ──→ restarting ─→ calibrating | idle | failed
 *   idle | generating ─→ restarting (a person's Restart: an answer under way ends with the old engine)
 *   any state ─→ removed (final)
 */
import type { MemberState } from './types';

const NEXT: Record<MemberState, readonly MemberState[]> = {
  loading: ['calibrating', 'idle', 'failed', 'removed'],
  calibrating: ['idle', 'failed', 'removed'],
  idle: ['generating', 'calibrating', 'failed', 'restarting', 'removed'],
  generating: ['idle', 'failed', 'restarting', 'removed'], // restarting: a person's Restart while it answers
  failed: ['restarting', 'removed'],
  restarting: ['calibrating', 'idle', 'failed', 'removed'],
  removed: [],
};

export function canTransition(from: MemberState, to: MemberState): boolean {
  return from === to || NEXT[from].includes(to);
}

/** States in which a member holds (or is getting) a working engine and may answer soon. */
export function isPending(state: MemberState): boolean {
  return state === 'loading' || state === 'restarting' || state === 'calibrating';
}

/** States in which a member counts as part of the council (shown, and planned for). */
export function isActive(state: MemberState): boolean {
  return state !== 'removed';
}
