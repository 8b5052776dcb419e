import { describe, expect, it } from 'vitest';
import { Lru } from './lru';
import { MemoryManager } from './memory-manager';

describe('Lru', () => {
  it('orders by last use and picks the oldest unpinned victims until enough is freed', () => {
    const l = new Lru<string>();
    l.set('a', 100, 1);
    l.set('b', 200, 2);
    l.set('c', 300, 3);
    l.touch('a', 4);
    expect(l.ordered().map((e) => e.key)).toEqual(['b', 'c', 'a']);
    expect(l.victims(150).map((e) => e.key)).toEqual(['b']);
    expect(l.victims(250).map((e) => e.key)).toEqual(['b', 'c']);
    l.pin('b', true);
    expect(l.victims(250).map((e) => e.key)).toEqual(['c']);
    expect(l.totalBytes).toBe(600);
    l.delete('c');
    expect(l.victims(1000).map((e) => e.key)).toEqual(['a']);
  });
  it('keeps the pin when a key is re-set', () => {
    const l = new Lru<string>();
    l.set('a', 1, 0);
    l.pin('a', true);
    l.set('a', 2, 1);
    expect(l.victims(10)).toEqual([]);
  });
});

describe('MemoryManager', () => {
  it('evicts idle models, least recently used first, down to the target share, never the last one', () => {
    const m = new MemoryManager(1000);
    m.sync([{ id: 'm1', modelId: 'A', bytes: 400, busy: false }], 0);
    m.sync([{ id: 'm1', modelId: 'A', bytes: 400, busy: false }, { id: 'm2', modelId: 'B', bytes: 400, busy: false }], 1);
    m.sync([{ id: 'm1', modelId: 'A', bytes: 400, busy: false }, { id: 'm2', modelId: 'B', bytes: 400, busy: false }, { id: 'm3', modelId: 'C', bytes: 150, busy: true }], 2);
    expect(m.share()).toBeCloseTo(0.95);
    expect(m.evictionPlan(0.8).map((v) => v.id)).toEqual(['m1']);
    expect(m.evictionPlan(0.3).map((v) => v.id)).toEqual(['m1', 'm2']); // m3 is busy (pinned)
    m.sync([{ id: 'm2', modelId: 'B', bytes: 400, busy: false }], 3);
    expect(m.evictionPlan(0)).toEqual([]); // the last loaded model stays
  });
});
