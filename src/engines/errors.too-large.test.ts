import { describe, expect, it } from 'vitest';
import { ModelTooLargeError } from './errors';

describe('ModelTooLargeError says when the budget rests on an assumption', () => {
  it('assumed VRAM points to the Overview entry; assumed RAM says it may be larger; measured says neither', () => {
    const vram = new ModelTooLargeError('m', 4e9, 3e9, 'VRAM').message;
    expect(vram).toMatch(/Pick a smaller or more quantised model, or fewer council members\. The budget assumes the GPU memory \(browsers hide it\): if yours is larger, enter it on the Overview\.$/);
    expect(new ModelTooLargeError('m', 4e9, 3e9, 'RAM').message).toMatch(/assumes the RAM the browser reports, which it caps: the machine may have more\.$/);
    const plain = new ModelTooLargeError('m', 4e9, 3e9).message;
    expect(plain).toMatch(/fewer council members\.$/);
    expect(plain).not.toMatch(/assume/);
  });
});
