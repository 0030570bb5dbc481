import { describe, expect, it } from 'vitest';
import { parseJournald } from '../../../src/timeline/sources/journald.js';
import { parseJsonl } from '../../../src/timeline/sources/jsonl.js';
import { parseLogfmt, parseLogfmtFields } from '../../../src/timeline/sources/logfmt.js';
import { parseSyslog } from '../../../src/timeline/sources/syslog.js';
import { parseTextLog } from '../../../src/timeline/sources/text.js';
import { parseCtx, sample } from './helpers.js';

const journald = sample('journald.json');
const syslog = sample('syslog.json');

describe('journald', () => {
  it('prefers _SOURCE_REALTIME_TIMESTAMP (µs), maps PRIORITY and unit', () => {
    const ctx = parseCtx();
    parseJournald(JSON.stringify(journald.A), ctx);
    expect(ctx.lines).toHaveLength(1);
    expect(ctx.lines[0]).toMatchObject({ system: 'journald', tsNs: 1422990364737973000n, level: 'info', host: 'desktop', service: 'nginx.service' });
  });

  it('decodes byte-array fields, dedups by __CURSOR, and reads a JSON array export', () => {
    const ctx = parseCtx();
    const entry = { __CURSOR: 'c1', __REALTIME_TIMESTAMP: '1000000', PRIORITY: '3', MESSAGE: [104, 105], _SYSTEMD_UNIT: 'x.service' };
    parseJournald([entry, entry].map((e) => JSON.stringify(e)).join('\n'), ctx);
    expect(ctx.lines.map((l) => [l.line, l.level])).toEqual([['hi', 'error']]);
    expect(ctx.warnings.join()).toMatch(/duplicate/);
    const arr = parseCtx();
    parseJournald(JSON.stringify([entry]), arr);
    expect(arr.lines).toHaveLength(1);
  });

  it('names the line of a malformed entry', () => {
    expect(() => parseJournald('{"__CURSOR":"a","__REALTIME_TIMESTAMP":"1"}\n{broken', parseCtx({ label: 'j' }))).toThrow(/j \(journald\) at line 2/);
  });
});

describe('syslog', () => {
  it('RFC 5424 examples: exact time, PRI severity, host and app', () => {
    const ctx = parseCtx();
    parseSyslog(syslog.rfc5424.join('\n'), ctx);
    expect(ctx.lines.map((l) => [l.tsNs, l.level, l.host, l.service])).toEqual([
      [BigInt(Date.UTC(2003, 9, 11, 22, 14, 15, 3)) * 1_000_000n, 'critical', 'mymachine.example.com', 'su'],
      [BigInt(Date.UTC(2003, 7, 24, 12, 14, 15)) * 1_000_000n + 3000n, 'info', '192.0.2.1', 'myproc'],
      [BigInt(Date.UTC(2003, 9, 11, 22, 14, 15, 3)) * 1_000_000n, 'info', 'mymachine.example.com', 'evntslog'],
    ]);
    expect(ctx.lines[0]!.line).toBe("'su root' failed for lonvick on /dev/pts/8");
  });

  it('RFC 3164: year from the window end, zone from the input, tag parsed', () => {
    const ctx = parseCtx({ start: '2024-09-01T00:00:00Z', end: '2025-01-10T00:00:00Z', timezone: 'America/New_York' });
    parseSyslog([syslog.rfc3164[0], syslog.rfc3164[1], syslog.loghub_Linux_2k_first_line_style].join('\n'), ctx);
    expect(ctx.lines.map((l) => [new Date(Number(l.tsNs / 1_000_000n)).toISOString(), l.host, l.service])).toEqual([
      ['2024-10-12T02:14:15.000Z', 'mymachine', 'su'],
      ['2024-02-05T22:32:18.000Z', '10.0.0.99', undefined],
      ['2024-06-14T19:16:01.000Z', 'combo', 'sshd'],
    ]);
    expect(ctx.warnings).toEqual([]);
  });

  it('warns once when 3164 times are read as UTC, and refuses a file with no syslog line', () => {
    const ctx = parseCtx();
    parseSyslog(syslog.rfc3164[0], ctx);
    expect(ctx.warnings.join()).toMatch(/read as UTC/);
    expect(() => parseSyslog('hello\nworld', parseCtx({ label: 's' }))).toThrow(/s \(syslog\) at line 1/);
  });
});

describe('jsonl and logfmt', () => {
  it('jsonl: time, level, message and service fields; continuation lines attach', () => {
    const ctx = parseCtx();
    parseJsonl(
      [
        '{"ts":"2024-03-05T14:02:11.123456Z","level":"error","msg":"db down","service":"api","code":503}',
        '  at Pool.connect (pool.js:10)',
        '{"time":1709647400,"severity":"WARN","message":"slow"}',
        '{"no_time":true}',
      ].join('\n'),
      ctx,
    );
    expect(ctx.lines.map((l) => [l.tsNs, l.level, l.service, l.line])).toEqual([
      [1709647331123456000n, 'error', 'api', 'db down code=503'],
      [1709647400000000000n, 'warning', 'test-input', 'slow'],
    ]);
    expect(ctx.warnings.join()).toMatch(/without a recognisable time field/);
  });

  it('jsonl: an input that is not JSON at all is an error naming the line', () => {
    expect(() => parseJsonl('{oops', parseCtx({ label: 'app' }))).toThrow(/app \(jsonl\) at line 1/);
  });

  it('logfmt: quoted values, level, naive times read in the zone', () => {
    expect(parseLogfmtFields('a=1 msg="hello \\"x\\" there" empty=')).toEqual({ a: '1', msg: 'hello "x" there', empty: '' });
    const ctx = parseCtx({ timezone: 'Europe/Berlin' });
    parseLogfmt('ts=2024-03-05T15:00:00 level=info msg="started" port=8080\ngoroutine 1 [running]:', ctx);
    expect(ctx.lines).toHaveLength(1);
    expect(ctx.lines[0]).toMatchObject({ tsNs: BigInt(Date.UTC(2024, 2, 5, 14)) * 1_000_000n, level: 'info', line: 'started port=8080' });
  });
});

describe('plain text logs', () => {
  it('recognises ISO, klog, CRI, Apache, HDFS and syslog-style stamps; untimed lines continue', () => {
    const ctx = parseCtx({ start: '2024-01-01T00:00:00Z', end: '2024-12-31T00:00:00Z' });
    parseTextLog(
      [
        '2024-03-05T14:02:11.5Z ERROR payment failed',
        'Traceback (most recent call last):',
        'I0305 14:02:12.123456    1 main.go:12] started',
        '2024-03-05T14:02:13.123456789Z stdout F hello from cri',
        '[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6',
        '081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_38865049064139660 terminating',
        'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: authentication failure',
      ].join('\n'),
      ctx,
    );
    expect(ctx.lines.map((l) => [new Date(Number(l.tsNs / 1_000_000n)).toISOString(), l.level])).toEqual([
      ['2024-03-05T14:02:11.500Z', 'error'],
      ['2024-03-05T14:02:12.123Z', 'info'],
      ['2024-03-05T14:02:13.123Z', undefined],
      ['2005-12-04T04:47:44.000Z', 'error'],
      ['2008-11-09T20:36:15.000Z', 'info'],
      ['2024-06-14T15:16:01.000Z', 'error'],
    ]);
    expect(ctx.lines[0]!.line).toBe('payment failed');
    expect(ctx.lines[2]!.line).toBe('hello from cri');
  });

  it('refuses a file with no timestamp at all', () => {
    expect(() => parseTextLog('no times here\nnor here', parseCtx({ label: 'notes' }))).toThrow(/notes \(text\) at line 1/);
  });
});

describe('common real-world log shapes', () => {
  it('logcli --output=jsonl and Docker json-file lines', () => {
    const ctx = parseCtx();
    parseJsonl(
      [
        '{"labels":{"app":"api","namespace":"shop"},"line":"upstream timeout","timestamp":"2024-03-05T14:02:11.123456789Z"}',
        '{"log":"GET /healthz 200\\n","stream":"stdout","time":"2024-03-05T14:02:12.5Z"}',
      ].join('\n'),
      ctx,
    );
    expect(ctx.lines.map((l) => [l.tsNs, l.line, l.service])).toEqual([
      [1709647331123456789n, 'upstream timeout', 'api'],
      [1709647332500000000n, 'GET /healthz 200', 'test-input'],
    ]);
  });

  it('nginx access logs: time from the brackets, severity from the status code', () => {
    const ctx = parseCtx();
    parseTextLog(
      ['10.0.0.1 - - [05/Mar/2024:15:02:11 +0100] "GET /api HTTP/1.1" 502 157 "-" "curl/8"', '10.0.0.2 - - [05/Mar/2024:15:02:12 +0100] "GET /api HTTP/1.1" 200 12 "-" "curl/8"'].join('\n'),
      ctx,
    );
    expect(ctx.lines.map((l) => [l.tsNs, l.level])).toEqual([
      [1709647331000000000n, 'error'],
      [1709647332000000000n, 'info'],
    ]);
  });
});
