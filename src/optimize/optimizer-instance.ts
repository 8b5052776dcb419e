/**
 * The app's one optimiser, wired to the monitor's sample stream, the real council, storage (action
 * log, the auto-tuning setting) and the UI quality; plus the read-only `__wfMonitor` hook for the
 * e2e tests and benchmarks (like the council's `__wfCouncil`).
 */
import { monitor } from '../monitor/monitor.svelte';
import { trimStore } from '../monitor/history';
import { db, newId } from '../store/db';
import { getSetting, putSetting } from '../store/settings';
import { councilControl } from './council-adapter';
import { Optimizer } from './optimizer.svelte';
import { uiQuality } from './ui-quality.svelte';

export const AUTO_TUNING_KEY = 'monitor.autoTuning';
const ACTION_LOG_KEEP = 1000;
const TRIM_EVERY = 50;

let writes = 0;
export const optimizer = new Optimizer({
  control: councilControl,
  plan: monitor.plan,
  newId,
  persist(record) {
    void db()
      .then((d) => d.put('actionLog', record))
      .then(() => (++writes % TRIM_EVERY === 0 ? trimStore('actionLog', ACTION_LOG_KEEP) : undefined))
      .catch(() => undefined);
  },
});

let started = false;

/** Starts the monitor and subscribes the optimiser to it (once). */
export async function startOptimizer(): Promise<void> {
  monitor.start();
  if (started) return;
  started = true;
  monitor.subscribeFrames((at, dt) => optimizer.onFrame(at, dt));
  let shownLevel = NaN;
  monitor.subscribe((sample, ctx) => {
    void optimizer.onSample(sample, ctx);
    // The UI follows the quality level: numbers on screen at its chart rate, animations off below 2
    // (SPEC §3.3). Only on a change: the DOM read every 100 ms showed in the tick's cost.
    const level = uiQuality.level;
    if (level === shownLevel) return;
    shownLevel = level;
    monitor.qualityLevel = level;
    monitor.displayEveryMs = uiQuality.settings.chartRefreshMs;
    document.documentElement.dataset.animations = uiQuality.settings.animations ? 'on' : 'off';
  });
  try {
    const on = await getSetting(AUTO_TUNING_KEY, true);
    optimizer.autoTuning = on;
    monitor.autoTuning = on;
    optimizer.restoreLog((await (await db()).getAllFromIndex('actionLog', 'at')).reverse());
  } catch {
    // Storage unavailable: tuning still works, the log just is not kept.
  }
}

export async function setAutoTuning(on: boolean): Promise<void> {
  optimizer.setAutoTuning(on, Date.now());
  monitor.autoTuning = on;
  await putSetting(AUTO_TUNING_KEY, on);
}

/** Read-only hook for the e2e tests and benchmarks. */
export interface MonitorProbe {
  level(): number;
  /** Main-thread cost (ms) of the newest `n` ticks: the collector's sample, the tick's own work, or the tick to the end of its microtasks. */
  sampleCosts(n: number, part?: 'sample' | 'work' | 'whole'): number[];
  longTasksTotal(): { count: number; blockedMs: number };
  /** Alerts raised since the page loaded: type, severity, when. */
  alerts(): { type: string; severity: string; raisedAt: number; lastSeenAt: number; message: string }[];
  /** The action log as shown (newest first). */
  actions(): { at: number; action: string; outcome: string; reason: string }[];
}
if (typeof window !== 'undefined')
  (window as unknown as { __wfMonitor?: MonitorProbe }).__wfMonitor = {
    level: () => uiQuality.level,
    sampleCosts(n, part = 'sample') {
      const c = monitor.collector;
      const ring = part === 'work' ? c?.tickWorkMs : part === 'whole' ? c?.tickCostMs : c?.costMs;
      const out = new Float64Array(Math.min(n, ring?.length ?? 0));
      ring?.copyLatest(out, out.length);
      return [...out];
    },
    longTasksTotal: () => ({ count: monitor.collector?.longTaskCounter.total ?? 0, blockedMs: monitor.collector?.longTaskCounter.totalBlockedMs ?? 0 }),
    alerts: () => monitor.alertHistory().map(({ type, severity, raisedAt, lastSeenAt, message }) => ({ type, severity, raisedAt, lastSeenAt, message })),
    actions: () => optimizer.actions.map(({ at, action, outcome, reason }) => ({ at, action, outcome, reason })),
  };
