/**
 * Kubernetes events: core/v1 Event, events.k8s.io/v1 Event, and the List/EventList envelopes of
 * `kubectl get events -o json` (design/timeline.md §3.1). Old-style events are updated in place, so
 * one object is one item with a count; repeats of the same reason on the same object are folded.
 */
import { inputError, isObject, makeEvent, nonEmpty, str } from '../event.js';
import { parseRfc3339, type ParsedInstant } from '../time.js';
import type { Category, KeyMoment, ParseContext, TimelineEvent } from '../types.js';

const MITIGATION_REASONS = new Set(['ScalingReplicaSet', 'Killing', 'SuccessfulRescale', 'SuccessfulDelete', 'Preempting']);
const DEPLOY_REASONS = new Set(['ScalingReplicaSet']);

function time(value: unknown): ParsedInstant | undefined {
  const s = nonEmpty(value);
  return s ? parseRfc3339(s) : undefined;
}

function eventItems(json: unknown, ctx: ParseContext): Array<{ item: Record<string, unknown>; path: string }> {
  if (Array.isArray(json)) return json.map((item, i) => ({ item, path: `$[${i}]` })).filter((x) => isObject(x.item)) as never;
  if (!isObject(json)) throw inputError(ctx, 'kubectl-events', '$', 'expected an Event, an EventList/List or an array of events');
  if (Array.isArray(json.items)) {
    return json.items.flatMap((item, i) => (isObject(item) ? [{ item, path: `$.items[${i}]` }] : []));
  }
  if (json.kind === 'Event' || json.involvedObject !== undefined || json.regarding !== undefined) return [{ item: json, path: '$' }];
  throw inputError(ctx, 'kubectl-events', '$.items', 'no events found (expected kind List/EventList with items, or an Event)');
}

export function parseKubectlEvents(json: unknown, ctx: ParseContext): TimelineEvent[] {
  const byUid = new Map<string, { event: TimelineEvent; rv: number; count: number }>();
  let undated = 0;
  for (const { item, path } of eventItems(json, ctx)) {
    const meta = isObject(item.metadata) ? item.metadata : {};
    const obj = isObject(item.involvedObject) ? item.involvedObject : isObject(item.regarding) ? item.regarding : {};
    const series = isObject(item.series) ? item.series : undefined;
    const src = isObject(item.source) ? item.source : isObject(item.deprecatedSource) ? item.deprecatedSource : {};
    const first =
      time(item.eventTime) ?? time(item.firstTimestamp) ?? time(item.deprecatedFirstTimestamp) ?? time(meta.creationTimestamp);
    const last = time(series?.lastObservedTime) ?? time(item.lastTimestamp) ?? time(item.deprecatedLastTimestamp) ?? first;
    if (!first && !last) {
      undated++;
      continue;
    }
    // Fuzzer fixtures (and clock trouble) can put the last observation before the first: order them.
    const a = (first ?? last)!;
    const b = (last ?? first)!;
    const start = b.ns < a.ns ? b : a;
    const end = b.ns < a.ns ? a : b;
    const countRaw = Number(series?.count ?? item.count ?? item.deprecatedCount ?? 1);
    const count = Number.isFinite(countRaw) && countRaw > 0 ? countRaw : 1;
    const type = str(item.type) ?? 'Normal';
    const reason = str(item.reason) ?? 'Event';
    const message = (str(item.message) ?? str(item.note) ?? '').replace(/^\(combined from similar events\):\s*/, '');
    const kind = str(obj.kind);
    const name = str(obj.name);
    const namespace = str(obj.namespace) ?? str(meta.namespace);
    const fieldPath = str(obj.fieldPath) ?? '';
    const container = /spec\.(?:initContainers|containers|ephemeralContainers)\{([^}]+)\}/.exec(fieldPath)?.[1];
    const actor = nonEmpty(item.reportingController) ?? nonEmpty(item.reportingComponent) ?? nonEmpty(src.component);
    const uid = nonEmpty(meta.uid);
    const warning = type === 'Warning';
    const category: Category = warning ? 'k8s_warning' : DEPLOY_REASONS.has(reason) ? 'deploy' : 'k8s_normal';
    const hints: KeyMoment[] = [];
    if (MITIGATION_REASONS.has(reason)) hints.push('mitigation');
    if (warning) hints.push('firstSymptom');
    const objName = [kind, name].filter(Boolean).join('/') || 'object';
    const event = makeEvent({
      system: 'kubernetes',
      kind: 'k8s_event',
      ref: `k8s event ${namespace ? `${namespace}/` : ''}${nonEmpty(meta.name) ?? uid ?? path}`,
      nativeId: uid ?? undefined,
      tsNs: start.ns,
      endNs: end.ns,
      precision: start.precision,
      tsSource: 'source',
      severity: warning ? 'warning' : 'info',
      category,
      title: `${objName} ${reason}: ${message}`,
      body: message.length > 140 ? message : undefined,
      count,
      entity: {
        namespace,
        kind,
        name,
        container,
        node: nonEmpty(src.host) ?? (kind === 'Node' ? name : undefined),
      },
      actor,
      labels: { reason, type },
      phaseHints: hints,
    });
    const key = uid ?? event.id;
    const rv = Number(meta.resourceVersion);
    const prev = byUid.get(key);
    if (!prev || count > prev.count || (count === prev.count && Number.isFinite(rv) && rv > prev.rv)) {
      byUid.set(key, { event, rv: Number.isFinite(rv) ? rv : -1, count });
    }
  }
  if (undated > 0) ctx.warn(`${ctx.label}: ${undated} Kubernetes event(s) without any timestamp were skipped.`);
  return foldRepeats([...byUid.values()].map((v) => v.event));
}

/** Same object, reason and message (digits aside) across several event objects: one item with the total count. */
function foldRepeats(events: TimelineEvent[]): TimelineEvent[] {
  const groups = new Map<string, TimelineEvent>();
  const out: TimelineEvent[] = [];
  for (const e of events.sort((a, b) => (BigInt(a.tsNs!) < BigInt(b.tsNs!) ? -1 : BigInt(a.tsNs!) > BigInt(b.tsNs!) ? 1 : a.id < b.id ? -1 : 1))) {
    const en = e.entity ?? {};
    const key = [en.namespace, en.kind, en.name, e.labels?.reason, e.title.replace(/\d+/g, '#')].join('|');
    const g = groups.get(key);
    if (!g) {
      groups.set(key, e);
      out.push(e);
      continue;
    }
    g.count += e.count;
    if (e.lastSeen > g.lastSeen) {
      g.lastSeen = e.lastSeen;
      g.endTs = e.lastSeen;
    }
  }
  return out;
}
