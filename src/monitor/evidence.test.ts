import { describe, expect, it } from 'vitest';
import { CouncilEvidenceTracker, FRESH_MS, REFERENCE_PROMPT_TOKENS, scaledConsensusMs, summarise, WORK_GRACE_MS, type RequestEvidence } from './evidence';
import { member, metrics, request } from './samples.test-util';

const ev = (records: ReturnType<typeof request>[]): RequestEvidence[] => records.map((record) => ({ record, lone: null }));

describe('council evidence (issue 10: signals from finished requests)', () => {
  it('says nothing below 3 requests (one slow first token is not a slow council)', () => {
    const s = summarise(ev([request(1_000, { consensusTimeMs: 9_000, efficiency: 0.1 }), request(2_000, { consensusTimeMs: 9_000, efficiency: 0.1 })]), 3_000);
    expect(s).toMatchObject({ requests: 2, consensusTimeMs: null, efficiency: null });
  });

  it('takes medians of the newest fresh requests, consensus scaled to a 64-token answer', () => {
    // 2 members × 200 tokens in 3.1 s: a long healthy answer is ~1 s per 64 tokens.
    const long = [1, 2, 3].map((i) => request(i * 1_000, { consensusTimeMs: 3_100, completionTokens: 400, efficiency: 0.8 + i / 100 }));
    const s = summarise(ev(long), 4_000);
    expect(s.consensusTimeMs).toBeCloseTo((3_100 * 64) / 200);
    expect(s.efficiency).toBeCloseTo(0.82);
  });

  it("a long prompt's prefill is scaled to a few sentences' as a long answer is to 64 tokens: a pasted page is no slow council", async () => {
    // A council of 3 reads a 4,000-token prompt for 12 s, then answers 64 tokens each in 1 s.
    const pasted = [1, 2, 3].map((i) => request(i * 1_000, { members: 3, consensusTimeMs: 13_000, completionTokens: 192, firstTokenMs: 12_000, promptTokens: 4_000 }));
    expect(summarise(ev(pasted), 4_000).consensusTimeMs).toBeCloseTo((12_000 * 64) / 4_000 + 1_000); // ~1.2 s: quiet
    // A short question whose first token takes 4 s is as slow as before (5.5 s: critical).
    const slow = [1, 2, 3].map((i) => request(i * 1_000, { members: 3, consensusTimeMs: 5_500, completionTokens: 192, firstTokenMs: 4_000, promptTokens: 20 }));
    expect(summarise(ev(slow), 4_000).consensusTimeMs).toBeCloseTo(5_500);
    // At the reference length exactly, and one token past it.
    const at = (promptTokens: number) => scaledConsensusMs(request(0, { members: 1, consensusTimeMs: 2_000, completionTokens: 64, firstTokenMs: 1_000, promptTokens }));
    expect(at(REFERENCE_PROMPT_TOKENS)).toBeCloseTo(2_000);
    expect(at(REFERENCE_PROMPT_TOKENS + 1)).toBeLessThan(2_000);
  });

  it('forgets stale and aborted requests, and counts only requests after `since`', () => {
    const rs = ev([request(0), request(1), request(2), request(FRESH_MS + 10, { aborted: true })]);
    expect(summarise(rs, FRESH_MS + 100).requests).toBe(0);
    expect(summarise(rs, 100).requests).toBe(3);
    expect(summarise(rs, 100, 0).requests).toBe(2);
  });

  it('efficiency only from multi-member requests with a known efficiency', () => {
    const rs = ev([request(1, { members: 1, efficiency: null }), request(2, { efficiency: null }), request(3), request(4), request(5)]);
    expect(summarise(rs, 10)).toMatchObject({ requests: 5, efficiencyRequests: 3, efficiency: 0.9 });
  });

  it('counts as working while busy and for a short grace after, then idle', () => {
    const t = new CouncilEvidenceTracker();
    expect(t.observe(metrics({ busy: true }), 0).working).toBe(true);
    expect(t.observe(metrics(), WORK_GRACE_MS).working).toBe(true);
    expect(t.observe(metrics(), WORK_GRACE_MS + 1).working).toBe(false);
  });

  it('takes a lone member’s decode speed without its prefill when its request finishes', () => {
    const t = new CouncilEvidenceTracker();
    const r = request(5_000, { members: 1, efficiency: null, consensusTimeMs: 2_500, completionTokens: 201 });
    const reading = t.observe(metrics({ members: [member('m1', { ttftMs: 500 })], recentRequests: [r] }), 5_000);
    expect(reading.requests[0].lone).toEqual({ memberId: 'm1', decodeTokensPerSecond: 100 }); // 200 gaps in 2.0 s
    // The same array again is no new evidence: the reading keeps its identity.
    expect(t.observe(metrics({ members: [member('m1', { ttftMs: 900 })], recentRequests: [r] }), 5_100).requests).toBe(reading.requests);
  });
});
