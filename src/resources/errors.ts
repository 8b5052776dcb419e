import { EngineError } from '../engines/errors';
import { sizeText } from './size-text';

/**
 * A member refused before its download (GPU Manager): the model needs more than is free on every
 * device it could run on. Carries the numbers, and says what to do. Name checked, not instanceof.
 */
export class MemberDoesNotFitError extends EngineError {
  override name = 'MemberDoesNotFitError';
  constructor(
    readonly modelLabel: string,
    readonly requiredBytes: number,
    readonly deviceLabel: string,
    readonly freeBytes: number,
    readonly budgetBytes: number,
    readonly holders: number,
    readonly heldBytes: number,
    /** Which figure the budget assumes (browsers hide VRAM and cap RAM), or null when it is known. */
    readonly assumed: 'VRAM' | 'RAM' | null,
  ) {
    const held = holders ? ` (${holders} member${holders === 1 ? '' : 's'} hold${holders === 1 ? 's' : ''} ${sizeText(heldBytes)})` : '';
    const todo = holders ? 'Remove a member or pick a smaller model.' : 'Pick a smaller or more quantised model.';
    const guess =
      assumed === 'VRAM' ? ' The budget assumes the GPU memory (browsers hide it): if yours is larger, enter it on the Overview.'
      : assumed === 'RAM' ? ' The budget assumes the RAM the browser reports, which it caps: the machine may have more.'
      : '';
    super(
      `Model ${modelLabel} needs ${sizeText(requiredBytes)} on ${deviceLabel}; ${sizeText(Math.max(0, freeBytes))} of ${sizeText(budgetBytes)} is free${held}. ${todo}${guess}`,
      { modelLabel, requiredBytes, deviceLabel, freeBytes, budgetBytes, holders, heldBytes },
    );
  }
}
