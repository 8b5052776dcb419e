/**
 * "Analyze thresholds" of the seed's Performance Monitoring Flow: turns a sample into the list of
 * threshold breaches (SPEC §3.2), each with what is wrong and what the app does about it.
 * Council signals count only while the council works (issue 10: an idle council is healthy, and the
 * last request's numbers repeated every 100 ms are not new evidence) and come from finished
 * requests with a minimum count (see evidence.ts); memory and UI frames count at any time.
 */
import { alertBaselines, type AlertBaselines } from './alert-baselines';
import { loneDecodeSpeeds, REFERENCE_TOKENS } from './evidence';
import type { MonitorSample } from './sample';
import type { TierThresholds } from './thresholds';

export type Severity = 'info' | 'warning' | 'critical';

export interface Condition {
  /** Alert type: cooldown and escalation are per type. */
  type: string;
  severity: Severity;
  /** What is wrong, in plain words, with the number. */
  message: string;
  /** What the app is doing about it. */
  action: string;
  value: number;
}

/** What the optimiser will do for each kind of trouble (depends on whether auto-tuning is on). */
export interface Remedies {
  autoTuning: boolean;
  /** The speeds members are compared with (refreshed after kept changes); the app's shared set by default. */
  baselines?: AlertBaselines;
}

const manual = 'Automatic tuning is off: ';

export function detectConditions(s: MonitorSample, t: TierThresholds, r: Remedies): Condition[] {
  const out: Condition[] = [];
  const auto = r.autoTuning;

  if (s.frameTimeMs !== null && s.fps !== null) {
    const sev: Severity | null = s.frameTimeMs > t.frameTimeCriticalMs || s.fps < t.fpsCritical ? 'critical' : s.frameTimeMs > t.frameTimeWarningMs || s.fps < t.fpsWarning ? 'warning' : null;
    if (sev)
      out.push({
        type: 'ui-frames',
        severity: sev,
        message: `UI at ${s.fps.toFixed(0)} fps (frame time ${s.frameTimeMs.toFixed(1)} ms; target ${t.targetFps} fps, ${sev} above ${(sev === 'critical' ? t.frameTimeCriticalMs : t.frameTimeWarningMs).toFixed(0)} ms)`,
        action: auto ? 'Lowering UI quality (chart rate, points, animations, token batching); dropping a council member if it persists' : `${manual}lower the UI quality or stop a council member`,
        value: s.frameTimeMs,
      });
  }

  if (s.memoryShare !== null) {
    const sev: Severity | null = s.memoryShare >= t.memoryCritical ? 'critical' : s.memoryShare >= t.memoryWarning ? 'warning' : null;
    if (sev)
      out.push({
        type: 'memory',
        severity: sev,
        message: `Memory at ${(s.memoryShare * 100).toFixed(0)} % of the budget`,
        action: auto ? 'Evicting the least recently used idle models, then swapping in a smaller model' : `${manual}unload a model`,
        value: s.memoryShare,
      });
  }

  const c = s.council;
  if (!c || !c.working) return out;
  const k = c.metrics;
  const e = c.summary;

  const qSev: Severity | null = k.queueDepth >= t.queueCritical ? 'critical' : k.queueDepth >= t.queueWarning ? 'warning' : null;
  if (qSev)
    out.push({
      type: 'queue',
      severity: qSev,
      message: `${k.queueDepth} requests waiting in the council queue`,
      action: auto ? 'Enabling early consensus and shorter member timeouts so requests finish sooner' : `${manual}cancel low-priority requests`,
      value: k.queueDepth,
    });

  if (e.consensusTimeMs !== null) {
    const sev: Severity | null = e.consensusTimeMs > t.consensusCriticalMs ? 'critical' : e.consensusTimeMs > t.consensusWarningMs ? 'warning' : null;
    if (sev)
      out.push({
        type: 'consensus',
        severity: sev,
        message: `Council takes ${(e.consensusTimeMs / 1000).toFixed(1)} s to reach consensus per ${REFERENCE_TOKENS}-token answer (median of the last ${e.requests} requests)`,
        action: auto ? 'Enabling early consensus, shortening member timeouts, dropping the slowest member' : `${manual}remove the slowest member`,
        value: e.consensusTimeMs,
      });
  }

  if (e.efficiency !== null && e.efficiency < t.efficiencyCritical)
    out.push({
      type: 'efficiency',
      severity: 'critical',
      message: `Council efficiency ${(e.efficiency * 100).toFixed(0)} % (median of ${e.efficiencyRequests} requests: members slow each other down; below ${t.efficiencyCritical * 100} %)`,
      action: auto ? `Removing a council member; it comes back when the others run above ${t.efficiencyRestore * 100} % of their solo speed` : `${manual}remove a member`,
      value: e.efficiency,
    });

  // Time to first token above the tier's target (SPEC §3.2): worth knowing, not trouble.
  for (const m of k.members)
    if (m.ttftMs !== null && m.ttftMs > t.timeToFirstTokenMs)
      out.push({
        type: `ttft:${m.modelId}`,
        severity: 'info',
        message: `${m.modelId} took ${(m.ttftMs / 1000).toFixed(1)} s to its first token (target ${t.timeToFirstTokenMs / 1000} s on ${t.tier})`,
        action: 'Watching: one slow first token is not a slow member',
        value: m.ttftMs,
      });

  // Per-member speed (SPEC §3.2, below 0.7 × its solo baseline) for a member answering alone: in a
  // multi-member council concurrent speed is below solo speed by nature, and the efficiency rule
  // above judges that (issue 10: comparing them fired on every healthy council).
  const lone = loneDecodeSpeeds(c.requests, s.at);
  for (const m of k.members) {
    const speed = lone.get(m.id);
    const base = (r.baselines ?? alertBaselines).memberSpeed(m.id, m.soloTokensPerSecond);
    if (speed === undefined || !base) continue;
    if (speed < base.tokensPerSecond * t.tokensPerSecondAlertRatio)
      out.push({
        type: `tps:${m.modelId}`,
        severity: 'warning',
        message: `${m.modelId} decodes ${speed.toFixed(1)} tok/s alone, below 70 % of its ${base.refreshed ? 'baseline' : 'solo'} ${base.tokensPerSecond.toFixed(base.refreshed ? 1 : 0)} tok/s${base.refreshed ? ' (refreshed after a kept change)' : ''}`,
        action: auto ? 'Fewer threads per member on the CPU; on the GPU a smaller model is proposed for you to accept' : `${manual}use a smaller model`,
        value: speed,
      });
  }
  return out;
}
