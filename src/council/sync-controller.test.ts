/** Sync controller (SPEC §3.4) edges: unknown members, async finish, several rounds at once. */
import { describe, expect, it } from 'vitest';
import { SyncController } from './sync-controller';

function make(mode: 'async' | 'lockstep') {
  const out: string[] = [];
  const s = new SyncController(mode, (id, t) => out.push(`${id}:${t}`));
  return { s, out };
}

describe('SyncController', () => {
  it('lock-step ignores a token from a member it was not started with', () => {
    const { s, out } = make('lockstep');
    s.start(['a']);
    expect(() => s.token('ghost', 'x')).not.toThrow();
    expect(out).toEqual([]);
    s.token('a', '1');
    expect(out).toEqual(['a:1']);
  });

  it('lock-step releases every complete round at once, joined per member', () => {
    const { s, out } = make('lockstep');
    s.start(['a', 'b']);
    s.token('a', '1');
    s.token('a', '2');
    s.token('a', '3');
    s.token('b', 'x');
    expect(out).toEqual(['a:1', 'b:x']);
    s.token('b', 'y');
    s.token('b', 'z');
    expect(out).toEqual(['a:1', 'b:x', 'a:2', 'b:y', 'a:3', 'b:z']);
  });

  it('lock-step: when every member has finished, what is left is released', () => {
    const { s, out } = make('lockstep');
    s.start(['a', 'b']);
    s.token('a', '1');
    s.token('a', '2');
    s.finish('a');
    expect(out).toEqual([]);
    s.finish('b');
    expect(out).toEqual(['a:12']);
  });

  it('a new start forgets the previous buffers and finished members', () => {
    const { s, out } = make('lockstep');
    s.start(['a', 'b']);
    s.token('a', 'old');
    s.finish('b');
    out.length = 0;
    s.start(['a', 'b']);
    s.token('a', 'new');
    expect(out).toEqual([]); // b runs again and holds a back
    s.token('b', 'x');
    expect(out).toEqual(['a:new', 'b:x']);
  });

  it('async: every token at once, finish releases nothing', () => {
    const { s, out } = make('async');
    s.start(['a', 'b']);
    s.token('b', '1');
    s.token('b', '2');
    s.finish('b');
    s.finish('a');
    expect(out).toEqual(['b:1', 'b:2']);
  });
});
