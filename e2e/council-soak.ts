import type { Page } from '@playwright/test';

/**
 * The council soak (issue 9), shared by e2e/council-soak.spec.ts and e2e/bench/soak.bench.ts: the
 * app's own council answers `requests` prompts, two at a time, while a member's worker is killed
 * every ~`killEveryMs` (seeded: the victim and the gaps replay from `seed`), until at least `requests`
 * were asked and `minKills` kills made. Recovery brings members
 * back on its own. Nothing is switched off: automatic tuning and the monitor run as a person has them.
 */
export interface SoakOptions {
  /** Requests to ask at least; more are asked while fewer than `minKills` kills have happened. */
  requests: number;
  killEveryMs: number;
  /**
   * Kills the run must see whatever the machine's speed: a fast machine answers `requests` before
   * the timed killer has struck often, so the soak goes on asking until it has (at most 3×
   * `requests`, so a council that stopped answering cannot keep it going).
   */
  minKills?: number;
  seed: number;
  maxTokens?: number;
  /** A request still unsettled this long after it was asked counts as unsettled (and the run goes on). */
  unsettledAfterMs?: number;
}

export interface SoakResult {
  seed: number;
  asked: number;
  answered: number;
  rejected: Record<string, number>;
  unsettled: number;
  /** Member failures inside answered requests, by error name. */
  memberFailures: Record<string, number>;
  /** Messages that read like a library's raw error text (must be none). */
  raw: string[];
  /** Time from ask to settlement, ms, per settled request. */
  settleMs: number[];
  kills: number;
  /** Wall time of the whole soak, ms. */
  durationMs: number;
  /** Members at the end, by state. */
  endStates: Record<string, number>;
}

/** Three members of the generated tiny model, through the app's own council; returns their states. */
export function startSoakCouncil(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const c = (window as any).__wfCouncil;
    await c.setMembers(['generated:wirthforge-tiny', 'generated:wirthforge-tiny', 'generated:wirthforge-tiny']);
    return c.members.map((m: any) => m.state);
  });
}

export function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] : NaN;
}

export function runSoak(page: Page, options: SoakOptions): Promise<SoakResult> {
  return page.evaluate(async ({ requests, killEveryMs, seed, minKills = 0, maxTokens = 16, unsettledAfterMs = 60_000 }) => {
    const c = (window as any).__wfCouncil;
    let a = seed >>> 0;
    const rng = () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // What a library's own error text looks like; the council must have put it in words first.
    const RAW = /Proxy has been released|is not a function|Cannot read propert|is not defined|\[object |RuntimeError|Aborted\(\)/;
    const out = {
      seed, asked: 0, answered: 0, rejected: {} as Record<string, number>, unsettled: 0, memberFailures: {} as Record<string, number>,
      raw: [] as string[], settleMs: [] as number[], kills: 0, durationMs: 0, endStates: {} as Record<string, number>,
    };
    const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
    const checkRaw = (text: string) => RAW.test(text) && out.raw.push(text);

    const started = performance.now();
    let done = false;
    const killer = (async () => {
      while (!done) {
        await sleep(killEveryMs * (0.5 + rng()));
        const live = c.members.filter((m: any) => m.state === 'idle' || m.state === 'generating');
        if (done || !live.length) continue;
        c.killMember(live[Math.floor(rng() * live.length)].id);
        out.kills++;
      }
    })();

    let next = 0;
    const moreToAsk = () => next < requests || (out.kills < minKills && next < 3 * requests);
    const worker = async () => {
      while (moreToAsk()) {
        const i = next++;
        out.asked++;
        const t0 = performance.now();
        const outcome = await Promise.race([
          c.ask(`Soak question ${i}: name a colour.`, { maxTokens }).then(
            (ans: any) => ({ ok: ans }),
            (err: any) => ({ err }),
          ),
          sleep(unsettledAfterMs).then(() => null),
        ]);
        if (!outcome) {
          out.unsettled++;
          continue;
        }
        out.settleMs.push(performance.now() - t0);
        if ('ok' in outcome) {
          out.answered++;
          for (const f of outcome.ok.failures) {
            bump(out.memberFailures, f.name);
            checkRaw(f.message);
          }
        } else {
          bump(out.rejected, outcome.err?.name ?? 'unnamed');
          checkRaw(String(outcome.err?.message ?? outcome.err));
        }
      }
    };
    await Promise.all([worker(), worker()]);
    done = true;
    await killer;
    out.durationMs = performance.now() - started;
    for (const m of c.members) bump(out.endStates, m.state);
    return out;
  }, options);
}
