/** Load balancer edges (SPEC §3.4): the two modes disagree, unmeasured-first, and the tie-breaks. */
import { describe, expect, it } from 'vitest';
import { pickMember, updateEma, type BalancerCandidate } from './load-balancer';

const m = (id: string, inFlight: number, ttftEmaMs: number | null, available = true): BalancerCandidate => ({ id, available, inFlight, ttftEmaMs });

describe('pickMember', () => {
  it('least-busy and latency disagree when the least busy member is the slower one', () => {
    const pool = [m('a', 1, 10), m('b', 2, 5)];
    expect(pickMember(pool, 'least-busy')).toBe('a');
    expect(pickMember(pool, 'latency')).toBe('b'); // both busy: lower TTFT wins
  });

  it('latency prefers an idle member to a faster busy one, whatever the order', () => {
    expect(pickMember([m('idle', 0, 500), m('busy', 1, 100)], 'latency')).toBe('idle');
    expect(pickMember([m('busy', 1, 100), m('idle', 0, 500)], 'latency')).toBe('idle');
  });

  it('latency: between busy members with the same TTFT, fewer in flight', () => {
    expect(pickMember([m('a', 3, 100), m('b', 1, 100)], 'latency')).toBe('b');
  });

  it('an unmeasured member goes before one measured at 0 ms, in both modes', () => {
    expect(pickMember([m('zero', 0, 0), m('new', 0, null)], 'latency')).toBe('new');
    expect(pickMember([m('zero', 0, 0), m('new', 0, null)], 'least-busy')).toBe('new');
  });

  it('least-busy: fewer in flight beats a lower TTFT', () => {
    expect(pickMember([m('fast', 2, 1), m('slow', 1, 900)], 'least-busy')).toBe('slow');
  });

  it('never picks an unavailable or excluded member', () => {
    expect(pickMember([m('x', 0, 1, false)], 'latency')).toBe(null);
    expect(pickMember([m('x', 0, 1), m('y', 5, 900)], 'latency', new Set(['x']))).toBe('y');
    expect(pickMember([], 'least-busy')).toBe(null);
  });
});

describe('updateEma', () => {
  it('α = 0.3 by default, or as given', () => {
    expect(updateEma(200, 100)).toBeCloseTo(170, 12);
    expect(updateEma(200, 100, 0.5)).toBeCloseTo(150, 12);
    expect(updateEma(null, 42, 0.5)).toBe(42);
  });
});
