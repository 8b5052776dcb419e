import { expect, test } from '@playwright/test';
import { p95, runSoak, startSoakCouncil } from './council-soak';

// Issue 9: the council under repeated worker kills, in the built app, as a person has it
// (automatic tuning and the monitor on). Three members of the generated tiny model answer 120
// requests while one member's worker is killed every ~1.5 s; recovery brings members back.

const SEED = Number(process.env.SOAK_SEED ?? 9_2026);

test.beforeEach(async ({ page }) => {
  await page.context().route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
});

test('soak: 120 requests, a member killed every ~1.5 s — none unsettled, none raw, ≥ 95 % answered', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/#/council');
  await page.waitForFunction(() => (window as any).__wfCouncil);
  expect(await startSoakCouncil(page)).toEqual(['idle', 'idle', 'idle']);

  const r = await runSoak(page, { requests: 120, killEveryMs: 1500, seed: SEED });
  const rejected = Object.values(r.rejected).reduce((x, y) => x + y, 0);
  const summary = `seed ${r.seed}: asked ${r.asked}, answered ${r.answered}, rejected ${JSON.stringify(r.rejected)}, unsettled ${r.unsettled}, kills ${r.kills} in ${Math.round(r.durationMs / 1000)} s, member failures ${JSON.stringify(r.memberFailures)}, p95 settle ${Math.round(p95(r.settleMs))} ms, end ${JSON.stringify(r.endStates)}`;
  console.log(`soak ${summary}`);
  // The faults really happened: gaps are 0.75–2.25 s, so at least one kill per 2.25 s of the run
  // while a member was alive (a quick run makes fewer; CI once finished in 18 s with 10 kills,
  // which the old fixed "> 10" called a failure).
  expect(r.kills, summary).toBeGreaterThanOrEqual(Math.max(5, Math.floor(r.durationMs / 2250) - 1));
  expect(r.unsettled, summary).toBe(0);
  expect(r.raw, summary).toEqual([]);
  expect(r.answered + rejected, summary).toBe(r.asked);
  expect(r.answered / r.asked, summary).toBeGreaterThanOrEqual(0.95);
  // Every rejection is one of the council's named errors.
  for (const name of Object.keys(r.rejected)) expect(['NoMembersError', 'CouncilFailedError', 'QueueFullError', 'RequestCancelledError'], summary).toContain(name);
  // Recovery brought the killed members back: the council still has working members at the end.
  expect((r.endStates.idle ?? 0) + (r.endStates.generating ?? 0) + (r.endStates.restarting ?? 0) + (r.endStates.loading ?? 0), summary).toBeGreaterThanOrEqual(2);
});
