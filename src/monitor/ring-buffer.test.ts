import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ring-buffer';

describe('RingBuffer', () => {
  it('keeps the newest samples and overwrites the oldest', () => {
    const r = new RingBuffer(3);
    [1, 2, 3, 4, 5].forEach((v) => r.push(v));
    expect(r.length).toBe(3);
    expect(r.latest(0)).toBe(5);
    expect(r.latest(2)).toBe(3);
    expect(r.latest(3)).toBeNaN();
    const out = new Float64Array(3);
    expect(r.copyLatest(out)).toBe(3);
    expect([...out]).toEqual([3, 4, 5]);
  });

  it('copies only what it has, oldest first', () => {
    const r = new RingBuffer(5);
    r.push(7);
    r.push(8);
    const out = [0, 0, 0];
    expect(r.copyLatest(out, 10)).toBe(2);
    expect(out.slice(0, 2)).toEqual([7, 8]);
  });

  it('averages the newest finite samples and skips gaps', () => {
    const r = new RingBuffer(4);
    [10, NaN, 20, 30].forEach((v) => r.push(v));
    expect(r.meanLatest(3)).toBe(25);
    expect(r.meanLatest(4)).toBe(20);
    expect(new RingBuffer(2).meanLatest(2)).toBeNaN();
  });

  it('rejects a bad capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
