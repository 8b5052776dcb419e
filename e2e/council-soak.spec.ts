import { expect, test } from '@playwright/test';
import { p95, runSoak, startSoakCouncil } from './council-soak';

// Issue 9: the council under repeated worker kills, in the built app, as a person has it
// (automatic tuning and the monitor on). Three members of the generated tiny model answer 120
// requests while one member's worker is killed every ~1.5 s; recovery brings members back. The run
// asks more than 120 if it has not yet seen 6 kills: CI's faster machine once answered all 120 in
// 9 s with 4 kills, so a count of kills tied to wall time failed a council that did nothing wrong.

const SEED = Number(process.env.SOAK_SEED ?? 9_2026);

test.beforeEach(async ({ page }) => {
  await page.context().route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
});

const MIN_KILLS = 6;

test('soak: ≥ 120 requests, a member killed every ~1.5 s (≥ 6 kills) — none unsettled, none raw, ≥ 95 % answered', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/#/council');
  await page.waitForFunction(() => (window as any).__wfCouncil);
  expect(await startSoakCouncil(page)).toEqual(['idle', 'idle', 'idle']);

  const r = await runSoak(page, { requests: 120, killEveryMs: 1500, minKills: MIN_KILLS, seed: SEED });
  const rejected = Object.values(r.rejected).reduce((x, y) => x + y, 0);
  const summary = `seed ${r.seed}: asked ${r.asked}, answered ${r.answered}, rejected ${JSON.stringify(r.rejected)}, unsettled ${r.unsettled}, kills ${r.kills} in ${Math.round(r.durationMs / 1000)} s, member failures ${JSON.stringify(r.memberFailures)}, p95 settle ${Math.round(p95(r.settleMs))} ms, end ${JSON.stringify(r.endStates)}`;
  console.log(`soak ${summary}`);
  // The faults really happened: the run went on until it had seen them, or stopped at 3 × 120 asked
  // (a council that stopped answering), which fails here.
  expect(r.asked, summary).toBeGreaterThanOrEqual(120);
  expect(r.kills, summary).toBeGreaterThanOrEqual(MIN_KILLS);
  expect(r.unsettled, summary).toBe(0);
  expect(r.raw, summary).toEqual([]);
  expect(r.answered + rejected, summary).toBe(r.asked);
  expect(r.answered / r.asked, summary).toBeGreaterThanOrEqual(0.95);
  // Every rejection is one of the council's named errors.
  for (const name of Object.keys(r.rejected)) expect(['NoMembersError', 'CouncilFailedError', 'QueueFullError', 'RequestCancelledError'], summary).toContain(name);
  // Recovery brought the killed members back: the council still has working members at the end.
  expect((r.endStates.idle ?? 0) + (r.endStates.generating ?? 0) + (r.endStates.restarting ?? 0) + (r.endStates.loading ?? 0), summary).toBeGreaterThanOrEqual(2);
});
