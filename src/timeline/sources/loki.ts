/**
 * Loki query_range responses (streams; matrix is refused with a hint), push bodies, the /patterns
 * response, and Grafana alert state history stored in Loki (design/timeline.md §3.2). Stream values
 * are log lines for the grouper; the stream handler is shared with the streaming file reader.
 */
import { inputError, isObject, makeEvent, normalizeLevel, guessLevel, shortHash, str, stringLabels } from '../event.js';
import { NS_PER_S, nsStringToNs } from '../time.js';
import type { Entity, ParseContext, TimelineEvent } from '../types.js';
import { stateHistoryEvent } from './grafana.js';

export function lokiSelector(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  return `{${keys.map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ')}}`;
}

const SERVICE_LABELS = ['service_name', 'app', 'app_kubernetes_io_name', 'service', 'container', 'job', 'unit', 'filename'];

export interface LokiStreamHandler {
  stream(index: number, labels: unknown): void;
  /** `where` names the value for warnings: called only for a bad value, and only during this call. */
  value(index: number, entry: unknown, where: () => string): void;
  events: TimelineEvent[];
  finish(): void;
}

/** Consumes streams one value at a time, so a huge response never has to be held whole. */
export function lokiStreamHandler(ctx: ParseContext): LokiStreamHandler {
  interface StreamInfo {
    labels: Record<string, string>;
    selector: string;
    service?: string;
    level?: string;
    host?: string;
    entity: Entity;
    stateHistory: boolean;
  }
  const streams = new Map<number, StreamInfo>();
  const pending = new Map<number, Array<{ entry: unknown; where: () => string }>>();
  const events: TimelineEvent[] = [];
  let bad = 0;
  let firstBad: string | undefined;

  const info = (index: number) => streams.get(index);

  const handle = (index: number, entry: unknown, where: () => string): void => {
    const s = info(index)!;
    if (!Array.isArray(entry) || entry.length < 2 || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') {
      bad++;
      firstBad ??= where();
      return;
    }
    const tsNs = nsStringToNs(entry[0]);
    if (tsNs === undefined) {
      bad++;
      firstBad ??= where();
      return;
    }
    const line = entry[1];
    if (s.stateHistory) {
      const ev = stateHistoryEvent(line, tsNs, s.selector);
      if (ev) events.push(ev);
      return;
    }
    const meta = entry.length > 2 && isObject(entry[2]) ? stringLabels(entry[2]) : undefined;
    const level = s.level ?? normalizeLevel(meta?.level ?? meta?.detected_level) ?? guessLevel(line);
    ctx.log({
      system: 'loki',
      tsNs,
      line,
      level,
      service: s.service,
      host: s.host,
      ref: s.selector,
      entity: s.entity,
    });
  };

  return {
    events,
    stream(index, raw) {
      const labels = stringLabels(raw);
      const service = SERVICE_LABELS.map((k) => labels[k]).find((v) => v !== undefined && v !== '');
      const host = labels.host ?? labels.hostname;
      streams.set(index, {
        labels,
        selector: lokiSelector(labels),
        service,
        host,
        level: normalizeLevel(labels.level ?? labels.detected_level ?? labels.severity),
        entity: {
          namespace: labels.namespace,
          service,
          name: labels.pod,
          container: labels.container,
          node: labels.node_name ?? labels.node,
          host,
          cluster: labels.cluster,
        },
        stateHistory: labels.from === 'state-history',
      });
      for (const p of pending.get(index) ?? []) handle(index, p.entry, p.where);
      pending.delete(index);
    },
    value(index, entry, where) {
      if (!streams.has(index)) {
        // `values` before `stream` in the object: hold until the labels arrive.
        const list = pending.get(index) ?? [];
        const fixed = where();
        list.push({ entry, where: () => fixed });
        pending.set(index, list);
        return;
      }
      handle(index, entry, where);
    },
    finish() {
      for (const [index, list] of pending) {
        streams.set(index, { labels: {}, selector: '{}', entity: {}, stateHistory: false });
        for (const p of list) handle(index, p.entry, p.where);
      }
      pending.clear();
      if (bad > 0) ctx.warn(`${ctx.label}: ${bad} Loki value(s) were not ["<ns timestamp>", "<line>"] pairs and were skipped (first at ${firstBad}).`);
    },
  };
}

function patternsEvents(data: unknown[], ctx: ParseContext): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  data.forEach((p, i) => {
    if (!isObject(p) || typeof p.pattern !== 'string' || !Array.isArray(p.samples)) {
      throw inputError(ctx, 'loki', `$.data[${i}]`, 'expected {pattern, samples} from /loki/api/v1/patterns');
    }
    const samples = p.samples.filter((s): s is [number, number] => Array.isArray(s) && typeof s[0] === 'number' && typeof s[1] === 'number');
    if (samples.length === 0) return;
    const times = samples.map((s) => BigInt(Math.floor(s[0]))).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const count = samples.reduce((n, s) => n + s[1], 0);
    const step = times.length > 1 ? times[1]! - times[0]! : 10n;
    const level = guessLevel(p.pattern);
    const template = p.pattern.replace(/<_>/g, '<*>');
    const ev = makeEvent({
      system: 'loki',
      kind: 'log_pattern',
      ref: `loki patterns ${ctx.label}`,
      nativeId: `pattern:${shortHash(template)}`,
      tsNs: times[0]! * NS_PER_S,
      endNs: (times[times.length - 1]! + step) * NS_PER_S,
      precision: 'bucket',
      tsSource: 'source',
      severity: level === 'critical' ? 'critical' : level === 'error' ? 'error' : level === 'warning' ? 'warning' : 'info',
      category: level === 'error' || level === 'critical' ? 'symptom' : 'other',
      title: `${count}× ${template}`,
      count,
    });
    ev.pattern = { template: ev.title.replace(/^\d+× /, ''), examples: [] };
    out.push(ev);
  });
  return out;
}

export function parseLokiResponse(json: unknown, ctx: ParseContext): TimelineEvent[] {
  if (!isObject(json)) throw inputError(ctx, 'loki', '$', 'expected a query_range response object {status, data}');
  let result: unknown;
  let base = '$.data.result';
  if (isObject(json.data)) {
    const rt = str(json.data.resultType);
    if (rt && rt !== 'streams') {
      throw inputError(ctx, 'loki', '$.data.resultType', `the response is a ${rt} (metric) result; export a log query (a stream selector without count_over_time/rate)`);
    }
    result = json.data.result;
  } else if (Array.isArray(json.data)) {
    return patternsEvents(json.data, ctx);
  } else if (Array.isArray(json.streams)) {
    result = json.streams;
    base = '$.streams';
  }
  if (!Array.isArray(result)) throw inputError(ctx, 'loki', base, 'expected an array of streams');
  const handler = lokiStreamHandler(ctx);
  result.forEach((stream, i) => {
    if (!isObject(stream)) throw inputError(ctx, 'loki', `${base}[${i}]`, 'expected a {stream, values} object');
    handler.stream(i, stream.stream ?? {});
    if (!Array.isArray(stream.values)) throw inputError(ctx, 'loki', `${base}[${i}].values`, 'expected an array of [timestamp, line]');
    stream.values.forEach((v, j) => handler.value(i, v, () => `${base}[${i}].values[${j}]`));
  });
  handler.finish();
  return handler.events;
}

