/**
 * Timestamps to epoch nanoseconds (BigInt) and back (design/timeline.md §2). Nothing here uses
 * Date.parse: it drops sub-millisecond digits and reads zone-less strings in the host's zone.
 */
import type { Precision } from './types.js';

export const NS_PER_MS = 1_000_000n;
export const NS_PER_S = 1_000_000_000n;

export interface ParsedInstant {
  ns: bigint;
  precision: Precision;
}

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,12}))?)?\s?(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

function precisionOf(frac: string | undefined, hasSeconds: boolean): Precision {
  if (!hasSeconds) return 'min';
  if (!frac) return 's';
  if (frac.length <= 3) return 'ms';
  if (frac.length <= 6) return 'us';
  return 'ns';
}

function validParts(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return false;
  const dim = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= dim;
}

/** Date.UTC, except that years 0-99 stay themselves (Date.UTC maps them to 1900-1999). */
export function utcMs(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number {
  if (y >= 100) return Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y);
  return date.getTime();
}

function fracNs(frac: string | undefined): bigint {
  if (!frac) return 0n;
  return BigInt(frac.slice(0, 9).padEnd(9, '0'));
}

export interface NaiveParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  fracNs: bigint;
  precision: Precision;
}

/**
 * An RFC 3339 / ISO 8601 instant. With a zone it is exact; without one `naive` is returned so the
 * caller can read it in the input's time zone (and say so).
 */
export function parseIsoLike(text: string): { instant?: ParsedInstant; naive?: NaiveParts } | undefined {
  const m = RFC3339.exec(text.trim());
  if (!m) return undefined;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = ss === undefined ? 0 : Number(ss);
  if (!validParts(y, mo, d, h, mi, s)) return undefined;
  const precision = precisionOf(frac, ss !== undefined);
  if (zone === undefined) return { naive: { y, mo, d, h, mi, s, fracNs: fracNs(frac), precision } };
  let offsetMin = 0;
  if (zone !== 'Z' && zone !== 'z' && zone !== 'UTC') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return undefined;
    offsetMin = sign * (oh * 60 + om);
  }
  const ms = utcMs(y, mo, d, h, mi, Math.min(s, 59)) - offsetMin * 60_000;
  return { instant: { ns: BigInt(ms) * NS_PER_MS + fracNs(frac), precision } };
}

/** An RFC 3339 instant with a zone; undefined for anything else. */
export function parseRfc3339(text: string): ParsedInstant | undefined {
  return parseIsoLike(text)?.instant;
}

/** The contract's canonical form: always `Z`, millisecond precision (truncated, never rounded up). */
export function nsToIso(ns: bigint): string {
  let ms = ns / NS_PER_MS;
  if (ns < 0n && ms * NS_PER_MS !== ns) ms -= 1n;
  return new Date(Number(ms)).toISOString();
}

export function msToNs(ms: number): bigint {
  return BigInt(Math.round(ms)) * NS_PER_MS;
}

/** Float seconds (Prometheus); kept to the millisecond, which is what the wire format carries. */
export function secondsToNs(seconds: number): bigint {
  return BigInt(Math.round(seconds * 1000)) * NS_PER_MS;
}

const DIGITS = /^\d{1,20}$/;

/** A decimal string of epoch nanoseconds (Loki); never through Number. */
export function nsStringToNs(text: string): bigint | undefined {
  return DIGITS.test(text) ? BigInt(text) : undefined;
}

export function usStringToNs(text: string): bigint | undefined {
  return DIGITS.test(text) ? BigInt(text) * 1000n : undefined;
}

/** Slack `ts`: `"<secs>.<micro>"`, also the message id. */
export function slackTsToNs(ts: string): bigint | undefined {
  const m = /^(\d{1,12})(?:\.(\d{1,9}))?$/.exec(ts);
  if (!m) return undefined;
  return BigInt(m[1]!) * NS_PER_S + BigInt((m[2] ?? '').padEnd(9, '0'));
}

/** An epoch number whose unit is unknown (generic JSON logs): guessed from its magnitude. */
export function epochGuessToNs(value: number | string): ParsedInstant | undefined {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const m = /^(\d{1,20})(?:\.(\d{1,9}))?$/.exec(text);
  if (!m) return undefined;
  const int = BigInt(m[1]!);
  const frac = m[2] ?? '';
  if (int < 100_000_000_000n) return { ns: int * NS_PER_S + BigInt(frac.padEnd(9, '0')), precision: frac.length > 3 ? 'us' : frac ? 'ms' : 's' };
  if (int < 100_000_000_000_000n) return { ns: int * NS_PER_MS + BigInt(frac.padEnd(6, '0').slice(0, 6)), precision: 'ms' };
  if (int < 100_000_000_000_000_000n) return { ns: int * 1000n, precision: 'us' };
  return { ns: int, precision: 'ns' };
}

const dtfCache = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = dtfCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    dtfCache.set(tz, f);
  }
  return f;
}

export function isValidTimeZone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** Offset (local − UTC) in ms of `tz` at the UTC instant `utcMs`. */
export function zoneOffsetMs(tz: string, utcMs: number): number {
  const parts = formatter(tz).formatToParts(new Date(utcMs));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

export interface LocalResolution {
  utcMs: number;
  /** `ambiguous`: the local time happened twice (DST end), the earlier is used; `skipped`: it never happened (DST start). */
  issue?: 'ambiguous' | 'skipped';
}

const localCache = new Map<string, LocalResolution>();

/** A wall-clock time in an IANA zone to UTC, reporting DST gaps and overlaps. */
export function localToUtc(tz: string, y: number, mo: number, d: number, h: number, mi: number, s: number): LocalResolution {
  const key = `${tz}|${y}-${mo}-${d}T${h}:${mi}`;
  const cached = localCache.get(key);
  if (cached) return { ...cached, utcMs: cached.utcMs + s * 1000 };
  const wall = Date.UTC(y, mo - 1, d, h, mi, 0);
  const offsets = new Set([zoneOffsetMs(tz, wall - 86_400_000), zoneOffsetMs(tz, wall), zoneOffsetMs(tz, wall + 86_400_000)]);
  const valid: number[] = [];
  for (const off of offsets) {
    const candidate = wall - off;
    if (zoneOffsetMs(tz, candidate) === off) valid.push(candidate);
  }
  valid.sort((a, b) => a - b);
  let result: LocalResolution;
  if (valid.length === 1) result = { utcMs: valid[0]! };
  else if (valid.length > 1) result = { utcMs: valid[0]!, issue: 'ambiguous' };
  else {
    // In a gap: read with the offset in force just before it, which moves the time forward past the gap.
    const before = zoneOffsetMs(tz, wall - 86_400_000);
    result = { utcMs: wall - before, issue: 'skipped' };
  }
  if (localCache.size > 10_000) localCache.clear();
  localCache.set(key, result);
  return { ...result, utcMs: result.utcMs + s * 1000 };
}

/** Formats a non-negative span as HH:MM (hours may exceed 24). */
export function formatHhMm(ns: bigint): string {
  const totalMin = Number((ns < 0n ? 0n : ns) / (60n * NS_PER_S));
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** The civil date (UTC) of an instant, for filling in dates a source leaves out. */
export function utcDateParts(ns: bigint): { y: number; mo: number; d: number } {
  const date = new Date(Number(ns / NS_PER_MS));
  return { y: date.getUTCFullYear(), mo: date.getUTCMonth() + 1, d: date.getUTCDate() };
}
