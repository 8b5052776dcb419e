import { describe, expect, it } from 'vitest';
import { canTransition, isActive, isPending } from './member-lifecycle';
import type { MemberState } from './types';

const ALL: MemberState[] = ['loading', 'calibrating', 'idle', 'generating', 'failed', 'restarting', 'removed'];

describe('member lifecycle', () => {
  it('follows the documented edges and nothing else', () => {
    const allowed = new Set([
      'loading>calibrating', 'loading>idle', 'loading>failed', 'loading>removed',
      'calibrating>idle', 'calibrating>failed', 'calibrating>removed',
      'idle>generating', 'idle>calibrating', 'idle>failed', 'idle>restarting', 'idle>removed',
      'generating>idle', 'generating>failed', 'generating>restarting', 'generating>removed',
      'failed>restarting', 'failed>removed',
      'restarting>calibrating', 'restarting>idle', 'restarting>failed', 'restarting>removed',
    ]);
    for (const from of ALL)
      for (const to of ALL) expect(canTransition(from, to), `${from} → ${to}`).toBe(from === to || allowed.has(`${from}>${to}`));
  });

  it('removed is final; a failed member cannot answer without restarting', () => {
    for (const to of ALL) if (to !== 'removed') expect(canTransition('removed', to)).toBe(false);
    expect(canTransition('failed', 'generating')).toBe(false);
    expect(canTransition('failed', 'idle')).toBe(false);
  });

  it('pending and active states', () => {
    expect(ALL.filter(isPending)).toEqual(['loading', 'calibrating', 'restarting']);
    expect(ALL.filter((s) => !isActive(s))).toEqual(['removed']);
  });
});
