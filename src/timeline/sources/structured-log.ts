/**
 * Field names shared by JSON-lines and logfmt logs: which key holds the time, the level, the
 * message and the service. The header fields are stripped so only the message goes to grouping.
 */
import { epochGuessToNs, parseIsoLike } from '../time.js';
import type { NaiveClock } from '../naive.js';
import { normalizeLevel } from '../event.js';
import type { Precision, TsSource } from '../types.js';

export const TIME_KEYS = ['ts', 'time', 'timestamp', '@timestamp', 't', 'date', 'datetime', 'eventTime', 'asctime', 'logtime'];
export const LEVEL_KEYS = ['level', 'lvl', 'severity', 'log.level', 'levelname', 'loglevel', 'detected_level'];
export const MESSAGE_KEYS = ['msg', 'message', 'log', 'line', 'text', 'event', 'body', 'MESSAGE'];
export const SERVICE_KEYS = [
  'service',
  'service.name',
  'service_name',
  'app',
  'application',
  'logger',
  'component',
  'name',
  'caller',
  'container',
  // logcli --output=jsonl puts the stream labels under `labels`.
  'labels.service_name',
  'labels.app',
  'labels.container',
  'labels.job',
];

export function pick(fields: Record<string, unknown>, keys: string[]): [string, unknown] | undefined {
  for (const k of keys) {
    if (fields[k] !== undefined && fields[k] !== null && fields[k] !== '') return [k, fields[k]];
    // Dotted keys in nested JSON (log.level, service.name).
    if (k.includes('.')) {
      const [a, b] = k.split('.', 2) as [string, string];
      const inner = fields[a];
      if (inner && typeof inner === 'object' && (inner as Record<string, unknown>)[b] !== undefined) return [k, (inner as Record<string, unknown>)[b]];
    }
  }
  return undefined;
}

export function fieldTime(value: unknown, clock: NaiveClock): { ns: bigint; precision: Precision; tsSource: TsSource } | undefined {
  if (typeof value === 'number') {
    const e = epochGuessToNs(value);
    return e ? { ...e, tsSource: 'source' } : undefined;
  }
  if (typeof value !== 'string') return undefined;
  if (/^\d{9,20}(?:\.\d+)?$/.test(value)) {
    const e = epochGuessToNs(value);
    return e ? { ...e, tsSource: 'source' } : undefined;
  }
  const p = parseIsoLike(value);
  if (!p) return undefined;
  if (p.instant) return { ns: p.instant.ns, precision: p.instant.precision, tsSource: 'source' };
  const n = p.naive!;
  return { ns: clock.toNs(n.y, n.mo, n.d, n.h, n.mi, n.s, n.fracNs), precision: n.precision, tsSource: 'assumed_tz' };
}

/** The non-header fields as `k=v` text, appended to the message so grouping sees them. */
export function restFields(fields: Record<string, unknown>, used: Set<string>, max = 8): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (used.has(k) || v === null || v === undefined) continue;
    if (parts.length >= max) break;
    const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
    parts.push(`${k}=${s.length > 120 ? `${s.slice(0, 119)}…` : s}`);
  }
  return parts.join(' ');
}

export interface StructuredEntry {
  ns: bigint;
  text: string;
  level?: string;
  service?: string;
}

/** A parsed JSON or logfmt record to an entry: its time, the message plus the other fields, level, service. */
export function structuredEntry(fields: Record<string, unknown>, clock: NaiveClock): StructuredEntry | undefined {
  const t = pick(fields, TIME_KEYS);
  const time = t ? fieldTime(t[1], clock) : undefined;
  if (!t || !time) return undefined;
  const used = new Set([t[0]]);
  const lv = pick(fields, LEVEL_KEYS);
  if (lv) used.add(lv[0]);
  const msg = pick(fields, MESSAGE_KEYS);
  if (msg) used.add(msg[0]);
  const svc = pick(fields, SERVICE_KEYS);
  if (svc) used.add(svc[0]);
  if (typeof fields.labels === 'object') used.add('labels');
  const message = msg ? (typeof msg[1] === 'string' ? msg[1] : JSON.stringify(msg[1])) : '';
  const rest = restFields(fields, used);
  const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  return {
    ns: time.ns,
    text: message ? (rest ? `${message} ${rest}` : message) : rest,
    level: normalizeLevel(lv ? text(lv[1]) : undefined),
    service: svc ? text(svc[1]) : undefined,
  };
}
