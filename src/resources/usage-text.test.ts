import { describe, expect, it } from 'vitest';
import { deviceLine, heldText, memberList } from './usage-text';

const GiB = 1024 ** 3;

describe('per-device memory in words', () => {
  it('groups repeated members and says none for an empty device', () => {
    expect(memberList(['tiny', 'phi', 'tiny'])).toBe('tiny ×2, phi');
    expect(memberList([])).toBe('none');
  });

  it('held of budget, with the share; an unknown budget is said', () => {
    expect(heldText(2.8 * GiB, 4 * GiB)).toBe('2.8 GB of 4 GB (70 %)');
    expect(heldText(0.2 * 1024 ** 2, null)).toBe('0.2 MB (budget unknown)');
  });

  it('one device line', () => {
    expect(deviceLine('CPU (RAM)', ['wirthforge-tiny', 'wirthforge-tiny'], 0.6 * 1024 ** 2, 3.2 * GiB)).toBe('CPU (RAM): wirthforge-tiny ×2 — 0.6 MB of 3.2 GB (0 %)');
  });
});
