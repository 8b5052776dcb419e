import { describe, expect, it } from 'vitest';
import { warmedUp } from './warm-up';

describe('warm when the speed stops rising', () => {
  it('needs three runs, and the last two no more than 10 % above the best before them', () => {
    expect(warmedUp([100, 100])).toBe(false);
    expect(warmedUp([100, 110, 110])).toBe(true); // at the 10 % line
    expect(warmedUp([100, 111, 100])).toBe(false); // just past it
    expect(warmedUp([114, 156, 208, 264])).toBe(false); // still rising
    expect(warmedUp([114, 768, 700, 650])).toBe(true);
    expect(warmedUp([114, 768, 192, 295])).toBe(true); // noise after the jump does not restart it
  });
});
