import { describe, expect, it } from 'vitest';
import {
  epochGuessToNs,
  formatHhMm,
  localToUtc,
  nsToIso,
  nsStringToNs,
  parseIsoLike,
  parseRfc3339,
  secondsToNs,
  slackTsToNs,
  usStringToNs,
} from '../../../src/timeline/time.js';

describe('RFC 3339 to epoch nanoseconds', () => {
  it('keeps all nine fraction digits and applies offsets', () => {
    expect(parseRfc3339('2018-07-04T20:27:12.60602144+02:00')).toEqual({ ns: 1530728832606021440n, precision: 'ns' });
    expect(parseRfc3339('2002-01-01T01:01:01.000002Z')).toEqual({ ns: 1009846861000002000n, precision: 'us' });
    expect(parseRfc3339('2024-03-05T14:02:11-0530')!.ns).toBe(BigInt(Date.UTC(2024, 2, 5, 19, 32, 11)) * 1_000_000n);
    expect(parseRfc3339('2024-03-05T14:02:11+01')!.ns).toBe(BigInt(Date.UTC(2024, 2, 5, 13, 2, 11)) * 1_000_000n);
    expect(parseRfc3339('2021-09-16T18:48:35.966Z')!.precision).toBe('ms');
  });

  it('keeps years below 100 (Alertmanager zero time 0001-01-01)', () => {
    expect(parseRfc3339('0001-01-01T00:00:00Z')!.ns).toBe(-62135596800000n * 1_000_000n);
  });

  it('refuses impossible dates and zone-less strings', () => {
    expect(parseRfc3339('2023-02-30T00:00:00Z')).toBeUndefined();
    expect(parseRfc3339('2023-01-01T25:00:00Z')).toBeUndefined();
    expect(parseRfc3339('2023-01-01T10:00:00')).toBeUndefined();
    expect(parseIsoLike('2023-01-01 10:00:00')?.naive).toMatchObject({ y: 2023, mo: 1, d: 1, h: 10, precision: 's' });
    expect(parseRfc3339('not a time')).toBeUndefined();
  });

  it('prints ms-precision UTC with Z, truncating', () => {
    expect(nsToIso(1569266497240578999n)).toBe('2019-09-23T19:21:37.240Z');
    expect(nsToIso(0n)).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('epoch units', () => {
  it('converts every wire unit exactly', () => {
    expect(nsStringToNs('1569266497240578000')).toBe(1569266497240578000n);
    expect(nsStringToNs('12.5')).toBeUndefined();
    expect(usStringToNs('1422990364739502')).toBe(1422990364739502000n);
    expect(slackTsToNs('1512085950.000216')).toBe(1512085950000216000n);
    expect(slackTsToNs('1512085950')).toBe(1512085950000000000n);
    expect(secondsToNs(1435781430.781)).toBe(1435781430781000000n);
  });

  it('guesses s, ms, µs and ns from magnitude', () => {
    expect(epochGuessToNs(1700000000)!.ns).toBe(1700000000000000000n);
    expect(epochGuessToNs(1700000000123)!.ns).toBe(1700000000123000000n);
    expect(epochGuessToNs('1700000000123456')!.ns).toBe(1700000000123456000n);
    expect(epochGuessToNs('1700000000123456789')!.ns).toBe(1700000000123456789n);
    expect(epochGuessToNs('1700000000.5')!.ns).toBe(1700000000500000000n);
  });
});

describe('local times in an IANA zone', () => {
  it('reads ordinary times with the right offset', () => {
    expect(localToUtc('Europe/Berlin', 2024, 3, 5, 14, 2, 0)).toEqual({ utcMs: Date.UTC(2024, 2, 5, 13, 2, 0) });
    expect(localToUtc('America/New_York', 2024, 7, 1, 9, 0, 30)).toEqual({ utcMs: Date.UTC(2024, 6, 1, 13, 0, 30) });
  });

  it('reports a skipped local time at the spring-forward gap', () => {
    const r = localToUtc('Europe/Berlin', 2026, 3, 29, 2, 30, 0);
    expect(r.issue).toBe('skipped');
    expect(r.utcMs).toBe(Date.UTC(2026, 2, 29, 1, 30, 0));
  });

  it('reports an ambiguous local time at the fall-back overlap and takes the earlier', () => {
    const r = localToUtc('Europe/Berlin', 2026, 10, 25, 2, 30, 0);
    expect(r.issue).toBe('ambiguous');
    expect(r.utcMs).toBe(Date.UTC(2026, 9, 25, 0, 30, 0));
  });
});

describe('durations', () => {
  it('formats HH:MM, hours past a day included', () => {
    expect(formatHhMm(50n * 60n * 1_000_000_000n)).toBe('00:50');
    expect(formatHhMm(26n * 3600n * 1_000_000_000n + 5n * 60n * 1_000_000_000n)).toBe('26:05');
    expect(formatHhMm(-5n)).toBe('00:00');
  });
});
