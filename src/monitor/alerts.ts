/**
 * Alert Manager (seed "Alert Manager", SPEC §3.2): raises alerts from threshold conditions.
 * - Severities info / warning / critical; info auto-dismisses after 10 s, warning after 30 s,
 *   critical stays until the person dismisses it.
 * - 5 min cooldown per alert type: a condition that clears and comes back within the cooldown is a
 *   repeat, not a new alert (unless it is now more severe).
 * - A warning that happens for the 3rd time within its cooldown chain escalates to critical. A
 *   time is an episode: one ends once its condition has been gone for EPISODE_GAP_MS.
 * Pure: the caller passes the time, so tests drive it with a fake clock.
 */
import type { Condition, Severity } from './conditions';

export interface Alert {
  id: string;
  type: string;
  severity: Severity;
  message: string;
  action: string;
  value: number;
  raisedAt: number;
  lastSeenAt: number;
  /** Occurrences of this type within the cooldown chain (1 = first). */
  occurrences: number;
  escalated: boolean;
  dismissedAt: number | null;
  dismissedBy: 'auto' | 'user' | null;
}

export const INFO_TTL_MS = 10_000;
export const WARNING_TTL_MS = 30_000;
export const COOLDOWN_MS = 5 * 60_000;
export const ESCALATE_AFTER = 3;
/**
 * A condition absent for less than this has not cleared: back within it, it is the same episode. A
 * frame time hovering at its line crossed it three times in a second, and three "repeats" made a
 * permanent critical out of one slow stretch.
 */
export const EPISODE_GAP_MS = 5_000;

const RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

interface TypeState {
  /** When the condition was last seen (an episode ends EPISODE_GAP_MS after). */
  lastSeenAt: number;
  lastEpisodeAt: number;
  episodes: number;
  lastRaisedAt: number;
  lastRaisedSeverity: Severity;
}

export class AlertManager {
  /** Every alert raised (newest last), bounded. */
  readonly alerts: Alert[] = [];
  private readonly types = new Map<string, TypeState>();
  private seq = 0;

  constructor(private readonly maxKept = 200) {}

  /** The alerts still showing. */
  active(): Alert[] {
    return this.alerts.filter((a) => a.dismissedAt === null);
  }

  /** Feeds the current conditions (all of them: a type missing here for EPISODE_GAP_MS has cleared). Returns newly raised or changed alerts. */
  update(conditions: Condition[], now: number): Alert[] {
    const changed: Alert[] = [];
    for (const c of conditions) {
      let st = this.types.get(c.type);
      if (!st) {
        st = { lastSeenAt: -Infinity, lastEpisodeAt: -Infinity, episodes: 0, lastRaisedAt: -Infinity, lastRaisedSeverity: 'info' };
        this.types.set(c.type, st);
      }
      if (now - st.lastSeenAt >= EPISODE_GAP_MS) {
        st.episodes = now - st.lastEpisodeAt < COOLDOWN_MS ? st.episodes + 1 : 1;
        st.lastEpisodeAt = now;
      }
      st.lastSeenAt = now;
      let severity = c.severity;
      const escalated = severity === 'warning' && st.episodes >= ESCALATE_AFTER;
      if (escalated) severity = 'critical';
      const message = escalated ? `${c.message} — ${ordinal(st.episodes)} time in ${COOLDOWN_MS / 60_000} min` : c.message;

      const open = this.alerts.find((a) => a.type === c.type && a.dismissedAt === null);
      if (open) {
        open.lastSeenAt = now;
        open.value = c.value;
        open.message = message;
        open.action = c.action;
        open.occurrences = st.episodes;
        if (RANK[severity] > RANK[open.severity]) {
          open.severity = severity;
          open.escalated ||= escalated;
          open.raisedAt = now; // a more severe alert gets its full display time
          st.lastRaisedAt = now;
          st.lastRaisedSeverity = severity;
          changed.push(open);
        }
        continue;
      }
      const cooling = now - st.lastRaisedAt < COOLDOWN_MS;
      if (cooling && RANK[severity] <= RANK[st.lastRaisedSeverity]) continue;
      const alert: Alert = {
        id: `alert-${++this.seq}`,
        type: c.type,
        severity,
        message,
        action: c.action,
        value: c.value,
        raisedAt: now,
        lastSeenAt: now,
        occurrences: st.episodes,
        escalated,
        dismissedAt: null,
        dismissedBy: null,
      };
      st.lastRaisedAt = now;
      st.lastRaisedSeverity = severity;
      this.alerts.push(alert);
      if (this.alerts.length > this.maxKept) this.alerts.splice(0, this.alerts.length - this.maxKept);
      changed.push(alert);
    }
    for (const a of this.alerts) {
      if (a.dismissedAt !== null || a.severity === 'critical') continue;
      const ttl = a.severity === 'info' ? INFO_TTL_MS : WARNING_TTL_MS;
      if (now - a.raisedAt >= ttl) {
        a.dismissedAt = now;
        a.dismissedBy = 'auto';
        changed.push(a);
      }
    }
    return changed;
  }

  dismiss(id: string, now: number): void {
    const a = this.alerts.find((x) => x.id === id);
    if (a && a.dismissedAt === null) {
      a.dismissedAt = now;
      a.dismissedBy = 'user';
    }
  }
}

function ordinal(n: number): string {
  return n === 1 ? '1st' : n === 2 ? '2nd' : n === 3 ? '3rd' : `${n}th`;
}
