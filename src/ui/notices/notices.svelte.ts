/**
 * Problems the app met in the background — a measurement it could not save, a catalogue it could not
 * read, a tuning step that failed — shown where the person looks (the banner under the header) instead
 * of being swallowed (issue 9: no failure is swallowed silently). Repeats of one problem are folded.
 */
import { errorMessage } from '../../engines/errors';
import { outOfReach } from '../../store/db';

export interface Notice {
  id: number;
  /** What the app was doing, in words ("Saving a measured speed"). */
  what: string;
  message: string;
  count: number;
}

const KEEP = 5;

class Notices {
  items = $state<Notice[]>([]);
  private seq = 0;

  report(what: string, err: unknown): void {
    if (outOfReach(err)) return; // the stored-data banner says why, once, and what to do
    const message = errorMessage(err);
    const same = this.items.find((n) => n.what === what && n.message === message);
    if (same) {
      same.count++;
      return;
    }
    this.items = [...this.items.slice(-(KEEP - 1)), { id: ++this.seq, what, message, count: 1 }];
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }
}

export const notices = new Notices();
