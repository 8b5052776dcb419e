import { FirstTokenFeedback } from '../capacity/first-token-feedback';

/**
 * The app's first-token feedback (capacity/first-token-feedback.ts) for this page's session (not
 * stored: a reload starts from the cold prediction again), with a revision the Council view's
 * prediction follows, so it refines as answers come in.
 */
class FirstTokenState {
  revision = $state(0);
  private readonly feedback = new FirstTokenFeedback();

  record(probe: unknown, modelId: string, members: number, promptTokens: number, measuredMs: number, coldMs: number): void {
    this.feedback.record(probe, modelId, members, promptTokens, measuredMs, coldMs);
    this.revision++;
  }

  correction(probe: unknown, modelId: string, members: number): number | null {
    void this.revision; // read, so a $derived that asks follows new answers
    return this.feedback.correction(probe, modelId, members);
  }
}

export const firstTokens = new FirstTokenState();
