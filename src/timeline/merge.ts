/**
 * Window filtering, de-duplication and the deterministic order (design/timeline.md §2 rule 3, §4).
 * The same alert seen by Alertmanager, Prometheus, Grafana and a chat relay becomes one event that
 * lists the others in `corroboratedBy`; the same log template from journald and Loki likewise.
 */
import { eventEndNs, eventNs } from './event.js';
import type { Precision, TimelineEvent, TimeWindow } from './types.js';

const PRECISION_RANK: Record<Precision, number> = { bucket: 0, min: 1, s: 2, ms: 3, us: 4, ns: 5 };
const SOURCE_RANK: Record<string, number> = {
  alertmanager: 0,
  prometheus: 1,
  grafana: 2,
  kubernetes: 3,
  woodpecker: 4,
  loki: 5,
  journald: 6,
  syslog: 7,
  slack: 8,
  matrix: 8,
  mattermost: 8,
  discord: 8,
  transcript: 9,
};

function rankOf(system: string): number {
  return SOURCE_RANK[system] ?? 10;
}

export function compareEvents(a: TimelineEvent, b: TimelineEvent): number {
  const ta = eventNs(a);
  const tb = eventNs(b);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const pa = PRECISION_RANK[a.precision ?? 'ms'];
  const pb = PRECISION_RANK[b.precision ?? 'ms'];
  if (pa !== pb) return pa - pb;
  const ra = rankOf(a.source.system);
  const rb = rankOf(b.source.system);
  if (ra !== rb) return ra - rb;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function sortEvents(events: TimelineEvent[]): TimelineEvent[] {
  return events.sort(compareEvents);
}

/** Keeps events whose [firstSeen, lastSeen] meets [start, end); marks those that began earlier. */
export function inWindow(events: TimelineEvent[], window: TimeWindow): { kept: TimelineEvent[]; dropped: number } {
  const kept: TimelineEvent[] = [];
  let dropped = 0;
  for (const e of events) {
    const start = eventNs(e);
    const end = eventEndNs(e);
    if (end < window.startNs || start >= window.endNs) {
      dropped++;
      continue;
    }
    if (start < window.startNs) e.startedBeforeWindow = true;
    kept.push(e);
  }
  return { kept, dropped };
}

/** Same id twice (an export passed twice, overlapping pages): keep the most complete. */
export function dedupById(events: TimelineEvent[]): TimelineEvent[] {
  const byId = new Map<string, TimelineEvent>();
  for (const e of events) {
    const prev = byId.get(e.id);
    if (!prev) {
      byId.set(e.id, e);
      continue;
    }
    const better = e.count > prev.count || (e.count === prev.count && (e.lastSeen > prev.lastSeen || (e.lastSeen === prev.lastSeen && JSON.stringify(e) < JSON.stringify(prev))));
    if (better) byId.set(e.id, e);
  }
  return [...byId.values()];
}

const ALERT_CATEGORIES = new Set(['alert_firing', 'alert_resolved']);
const IDENTITY_IGNORED = new Set(['alertstate', '__name__', 'severity', 'grafana_folder', '__alert_rule_uid__', 'ref_id', 'datasource_uid', 'rulename']);

function compatible(a: Record<string, string>, b: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(a)) {
    if (IDENTITY_IGNORED.has(k)) continue;
    if (b[k] !== undefined && b[k] !== v) return false;
  }
  return true;
}

const TOLERANCE_NS = 120n * 1_000_000_000n;

function preference(e: TimelineEvent): number {
  // Exact source timestamps beat derived ones; chat relays only corroborate.
  const r = { alertmanager: 0, grafana: 1, prometheus: 2 }[e.source.system as 'alertmanager'];
  return r ?? (e.source.kind === 'chat' ? 9 : 5);
}

function absDiff(a: bigint, b: bigint): bigint {
  return a > b ? a - b : b - a;
}

export interface CorrelationResult {
  events: TimelineEvent[];
  merged: number;
  /** system pair -> offsets (ms) of the same alert, for skew reporting. */
  alertOffsets: Map<string, number[]>;
}

/** Folds the same alert transition reported by several systems into one event. */
export function correlateAlerts(events: TimelineEvent[]): CorrelationResult {
  const candidates = events.filter((e) => ALERT_CATEGORIES.has(e.category) && e.labels?.alertname);
  const others = events.filter((e) => !(ALERT_CATEGORIES.has(e.category) && e.labels?.alertname));
  candidates.sort((a, b) => preference(a) - preference(b) || compareEvents(a, b));
  const clusters: Array<{ primary: TimelineEvent; systems: Set<string>; ns: bigint }> = [];
  const alertOffsets = new Map<string, number[]>();
  let merged = 0;
  for (const e of candidates) {
    const ns = eventNs(e);
    let best: (typeof clusters)[number] | undefined;
    let bestDiff = 0n;
    for (const c of clusters) {
      const p = c.primary;
      if (p.category !== e.category || p.labels!.alertname !== e.labels!.alertname) continue;
      if (c.systems.has(e.source.system)) continue;
      if (!compatible(p.labels!, e.labels!) || !compatible(e.labels!, p.labels!)) continue;
      const d = absDiff(c.ns, ns);
      if (d > TOLERANCE_NS) continue;
      if (!best || d < bestDiff) {
        best = c;
        bestDiff = d;
      }
    }
    if (!best) {
      clusters.push({ primary: e, systems: new Set([e.source.system]), ns });
      continue;
    }
    merged++;
    best.systems.add(e.source.system);
    const p = best.primary;
    (p.corroboratedBy ??= []).push(e.id);
    p.corroboratedBy.sort();
    if (!p.endTs && e.endTs) {
      p.endTs = e.endTs;
      p.lastSeen = e.lastSeen;
      delete p.openEnded;
    }
    if (p.tsSource !== 'derived' && e.tsSource !== 'derived' && e.source.kind !== 'chat') {
      const key = `${p.source.system}|${e.source.system}`;
      const list = alertOffsets.get(key) ?? [];
      list.push(Number((ns - best.ns) / 1_000_000n));
      alertOffsets.set(key, list);
    }
    if (e.phaseHints) p.phaseHints = [...new Set([...(p.phaseHints ?? []), ...e.phaseHints])];
  }
  return { events: [...others, ...clusters.map((c) => c.primary)], merged, alertOffsets };
}

/** The same log template reported by two log systems over overlapping time (journald shipped to Loki). */
export function correlatePatterns(events: TimelineEvent[]): TimelineEvent[] {
  const patterns = events.filter((e) => e.source.kind === 'log_pattern' && e.pattern);
  if (patterns.length < 2) return events;
  const byTemplate = new Map<string, TimelineEvent[]>();
  for (const p of patterns) {
    const key = `${p.severity}|${p.pattern!.template}`;
    const list = byTemplate.get(key) ?? [];
    list.push(p);
    byTemplate.set(key, list);
  }
  const dropped = new Set<string>();
  for (const list of byTemplate.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => b.count - a.count || compareEvents(a, b));
    const primary = list[0]!;
    for (const other of list.slice(1)) {
      if (other.source.system === primary.source.system) continue;
      if (eventNs(other) > eventEndNs(primary) || eventNs(primary) > eventEndNs(other)) continue;
      (primary.corroboratedBy ??= []).push(other.id);
      primary.corroboratedBy.sort();
      dropped.add(other.id);
    }
  }
  return events.filter((e) => !dropped.has(e.id));
}

export function skewFromAlerts(offsets: Map<string, number[]>): string[] {
  const out: string[] = [];
  for (const [pair, list] of [...offsets].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const spread = sorted[sorted.length - 1]! - sorted[0]!;
    if (Math.abs(median) >= 5000 && spread <= Math.max(2000, Math.abs(median) * 0.25)) {
      const [a, b] = pair.split('|');
      out.push(`Clock skew: ${b} reports the same alerts about ${(median / 1000).toFixed(1)}s ${median > 0 ? 'later' : 'earlier'} than ${a} (${list.length} alerts compared); times were not shifted.`);
    }
  }
  return out;
}
