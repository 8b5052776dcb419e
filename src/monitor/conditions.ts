/**
 * "Analyze thresholds" of the seed's Performance Monitoring Flow: turns a snapshot into the list of
 * threshold breaches (SPEC §3.2), each with what is wrong and what the app does about it.
 */
import { isCpuBackend } from '../optimize/council-port';
import type { MonitorSnapshot } from './snapshot';
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
}

const manual = 'Automatic tuning is off: ';

export function detectConditions(s: MonitorSnapshot, t: TierThresholds, r: Remedies): Condition[] {
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
  if (!c) return out;

  const qSev: Severity | null = c.queueDepth >= t.queueCritical ? 'critical' : c.queueDepth >= t.queueWarning ? 'warning' : null;
  if (qSev)
    out.push({
      type: 'queue',
      severity: qSev,
      message: `${c.queueDepth} requests waiting in the council queue`,
      action: auto ? 'Enabling early consensus and shorter member timeouts so requests finish sooner' : `${manual}cancel low-priority requests`,
      value: c.queueDepth,
    });

  if (c.consensusTimeMs !== null) {
    const sev: Severity | null = c.consensusTimeMs > t.consensusCriticalMs ? 'critical' : c.consensusTimeMs > t.consensusWarningMs ? 'warning' : null;
    if (sev)
      out.push({
        type: 'consensus',
        severity: sev,
        message: `Council took ${(c.consensusTimeMs / 1000).toFixed(1)} s to reach consensus`,
        action: auto ? 'Enabling early consensus, shortening member timeouts, dropping the slowest member' : `${manual}remove the slowest member`,
        value: c.consensusTimeMs,
      });
  }

  if (c.efficiency !== null && c.members.length > 1 && c.efficiency < t.efficiencyCritical)
    out.push({
      type: 'efficiency',
      severity: 'critical',
      message: `Council efficiency ${(c.efficiency * 100).toFixed(0)} % (members slow each other down; below ${t.efficiencyCritical * 100} %)`,
      action: auto ? 'Removing a council member; it comes back when efficiency recovers above 70 %' : `${manual}remove a member`,
      value: c.efficiency,
    });

  for (const m of c.members) {
    // Time to first token above the tier's target (SPEC §3.2): worth knowing, not yet trouble.
    if (m.ttftMs != null && m.ttftMs > t.timeToFirstTokenMs)
      out.push({
        type: `ttft:${m.modelId}`,
        severity: 'info',
        message: `${m.modelId} took ${(m.ttftMs / 1000).toFixed(1)} s to its first token (target ${t.timeToFirstTokenMs / 1000} s on ${t.tier})`,
        action: auto ? 'Watching: if its throughput drops too, the optimiser swaps in a smaller model' : `${manual}consider a smaller model`,
        value: m.ttftMs,
      });
    if (m.state !== 'generating' || m.tokensPerSecond <= 0) continue;
    const baseline = m.soloTokensPerSecond ?? t.tokensPerSecondTarget;
    if (m.tokensPerSecond < baseline * t.tokensPerSecondAlertRatio)
      out.push({
        type: `tps:${m.modelId}`,
        severity: 'warning',
        message: `${m.modelId} decodes ${m.tokensPerSecond.toFixed(1)} tok/s, below 70 % of its baseline ${baseline.toFixed(0)} tok/s`,
        action: auto ? (isCpuBackend(m.backend) ? 'Reducing threads per member (CPU)' : 'Swapping in a smaller / more quantised model (GPU)') : `${manual}use a smaller model`,
        value: m.tokensPerSecond,
      });
  }
  return out;
}
