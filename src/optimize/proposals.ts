/**
 * Big changes wait for the person (issue 10): swapping or downloading a model is shown with its
 * predicted gain and applied only when accepted (then validated like any action); a dismissed
 * proposal is not made again for a while.
 */
import type { TuningAction } from './actions';

export interface Proposal {
  id: string;
  at: number;
  what: string;
  why: string;
  /** Predicted gain in words ("predicted 42 tok/s instead of 12 tok/s (×3.5)"). */
  gain: string;
  action: TuningAction;
}

/** How long a dismissed kind of proposal stays quiet. */
export const DISMISS_BACKOFF_MS = 30 * 60_000;
const MAX_SHOWN = 5;

export class ProposalBox {
  list: Proposal[] = [];
  /** Accepted, waiting for the pipeline to be free. */
  accepted: Proposal[] = [];
  private seq = 0;

  /** Adds a proposal unless the same change is already waiting; returns whether it was added. */
  offer(action: TuningAction, now: number): boolean {
    if (!action.proposal || this.list.some((p) => p.what === action.what)) return false;
    this.list = [...this.list, { id: `prop-${now.toString(36)}-${++this.seq}`, at: now, what: action.what, why: action.why, gain: action.proposal.gain, action }].slice(-MAX_SHOWN);
    return true;
  }

  accept(id: string): Proposal | null {
    const p = this.take(id);
    if (p) this.accepted = [...this.accepted, p];
    return p;
  }

  dismiss(id: string): Proposal | null {
    return this.take(id);
  }

  /** The next accepted proposal to apply, if any. */
  next(): Proposal | null {
    const [p, ...rest] = this.accepted;
    this.accepted = rest;
    return p ?? null;
  }

  private take(id: string): Proposal | null {
    const p = this.list.find((x) => x.id === id) ?? null;
    this.list = this.list.filter((x) => x.id !== id);
    return p;
  }
}
