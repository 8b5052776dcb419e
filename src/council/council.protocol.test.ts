/**
 * Issue 13: a member whose worker sends a malformed message. The council runs real WorkerEngines
 * over fake council-member workers (comlink on a MessageChannel); one worker lies in its chat
 * result. The request still settles — answered by the other members, or rejected with a named
 * error — the lie is put in words as an EngineProtocolError, and the member is recovered like a crash.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WorkerEngine, type MemberWorker } from '../engines/worker-engine';
import { fakeMemberWorker, type Lies } from '../engines/fake-member-worker.test-util';
import { CALIBRATION_PROMPT } from './calibration';
import type { EngineFactory } from './council.svelte';

vi.mock('./model-registry', () => import('./fake-registry.test-util'));
vi.mock('./capacity-feedback', () => import('./fake-registry.test-util'));

const { Council } = await import('./council.svelte');

const workers: MemberWorker[] = [];
afterEach(() => {
  for (const w of workers.splice(0)) w.terminate();
});

/** Lies in every chat result except the solo-speed measurement (so the member loads and is asked). */
const speedAsText: Lies = {
  result: (r, request) => (request.messages[0]?.content === CALIBRATION_PROMPT ? r : { ...r, decodeTokensPerSecond: `${r.decodeTokensPerSecond}` }),
};

/** A council over real WorkerEngines whose fake workers lie as `liesFor(modelId)` says. */
function councilOf(liesFor: (modelId: string) => Lies) {
  const c = new Council();
  const factory: EngineFactory = (kind) => {
    const worker = fakeMemberWorker(liesFor);
    workers.push(worker);
    return new WorkerEngine(kind, () => worker);
  };
  c.useForTests(factory);
  c.setEarlyConsensus(false);
  return c;
}

describe('council: a worker that sends a malformed chat result', () => {
  it('the request is answered by the other members; the failure names the field; the member is restarted', async () => {
    const c = councilOf((id) => (id === 'liar' ? speedAsText : {}));
    await c.setMembers(['good', 'liar']);
    expect(c.members.map((m) => m.state)).toEqual(['idle', 'idle']);
    const liar = c.members.find((m) => m.modelId === 'liar')!;
    const answer = await c.ask('Colour of the sky?');
    expect(answer.consensus).toBe('The sky is blue.');
    expect(answer.failures).toEqual([
      {
        memberId: liar.id,
        modelId: 'liar',
        name: 'EngineProtocolError',
        message: expect.stringContaining('The model worker sent a malformed chat result (decodeTokensPerSecond: expected a number, got a string ('),
      },
    ]);
    expect(answer.answers.every((a) => a.memberId !== liar.id)).toBe(true);
    // Handled like a crash: the member is failed with the words, then reloaded on a fresh worker.
    await vi.waitFor(() => expect(c.members.find((m) => m.id === liar.id)?.state).toBe('idle'));
    expect(c.members.find((m) => m.id === liar.id)?.error).toMatch(/^Recovered after: The model worker sent a malformed chat result/);
  });

  it('when the only member lies, the request is rejected with CouncilFailedError saying which field was wrong', async () => {
    const c = councilOf(() => speedAsText);
    await c.setMembers(['liar']);
    const err = await c.ask('Colour of the sky?').then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.name).toBe('CouncilFailedError');
    expect(err?.message).toMatch(/^No member could answer: The model worker sent a malformed chat result \(decodeTokensPerSecond: expected a number, got a string/);
    // The member is not lost: it is restarted on a fresh worker, as after a crash.
    await vi.waitFor(() => expect(c.members[0].state).toBe('idle'));
  });
});
