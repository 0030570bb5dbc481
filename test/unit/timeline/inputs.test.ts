import { mkdtempSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors.js';
import { detectFormat, resolveInput } from '../../../src/timeline/inputs.js';
import { JsonStreamParser, fastPair } from '../../../src/timeline/json-stream.js';
import { sample, sampleText } from './helpers.js';

describe('resolveInput (path safety)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'pm-roots-'));
  const outside = mkdtempSync(path.join(tmpdir(), 'pm-outside-'));
  writeFileSync(path.join(root, 'ok.log'), '2024-03-05T14:00:00Z hello\n');
  writeFileSync(path.join(outside, 'secret.log'), 'nope');
  symlinkSync(path.join(outside, 'secret.log'), path.join(root, 'link-out.log'));
  symlinkSync(path.join(root, 'ok.log'), path.join(root, 'link-in.log'));
  mkdirSync(path.join(root, 'dir'));
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('accepts a regular file under a root, relative or absolute, and symlinks that stay inside', async () => {
    await expect(resolveInput({ format: 'text', path: 'ok.log' }, 0, [root])).resolves.toMatchObject({ file: { size: 27 } });
    await expect(resolveInput({ format: 'text', path: path.join(root, 'ok.log') }, 0, [root])).resolves.toBeTruthy();
    await expect(resolveInput({ format: 'text', path: 'link-in.log' }, 0, [root])).resolves.toBeTruthy();
    await expect(resolveInput({ format: 'text', path: 'ok.log' }, 0, [outside, root])).resolves.toMatchObject({ file: { path: path.join(realpathSync(root), 'ok.log') } });
  });

  it('refuses traversal, symlinks leading out, directories and missing files, naming the input', async () => {
    await expect(resolveInput({ format: 'text', path: '../' + path.basename(outside) + '/secret.log' }, 2, [root])).rejects.toThrow(/inputs\[2\].*outside the input roots/);
    await expect(resolveInput({ format: 'text', path: 'link-out.log', label: 'app' }, 1, [root])).rejects.toThrow(/inputs\[1\] "app".*outside the input roots/);
    await expect(resolveInput({ format: 'text', path: 'dir' }, 0, [root])).rejects.toThrow(/not a regular file/);
    await expect(resolveInput({ format: 'text', path: '/dev/null' }, 0, ['/dev'])).rejects.toThrow(/not a regular file/);
    await expect(resolveInput({ format: 'text', path: 'missing.log' }, 0, [root])).rejects.toThrow(/does not exist/);
    await expect(resolveInput({ format: 'text', path: 'ok.log', content: 'x' }, 0, [root])).rejects.toBeInstanceOf(UserInputError);
    await expect(resolveInput({ format: 'text' }, 0, [root])).rejects.toThrow(/exactly one of content/);
  });
});

describe('detectFormat', () => {
  const k8s = sample('kubernetes-events.json');
  const loki = sample('loki.json');
  const cases: Array<[string, string]> = [
    [JSON.stringify(k8s['3_new_style_scheduler_event_as_core_v1'].payload), 'kubectl-events'],
    [JSON.stringify(k8s['2_events_k8s_io_v1_Event_fixture'].payload), 'kubectl-events'],
    [JSON.stringify(loki.query_range_streams_response), 'loki'],
    [JSON.stringify(loki.patterns_response), 'loki'],
    [JSON.stringify(sample('prometheus.json').ILLUSTRATIVE_ALERTS_query_range_response), 'prometheus'],
    [JSON.stringify(sample('alertmanager.json').A_observed_AMP), 'alertmanager'],
    [JSON.stringify({ status: 'success', data: { alerts: [{ labels: { alertname: 'X' }, state: 'firing', activeAt: '2024-03-05T14:00:00Z' }] } }), 'prometheus'],
    ['{"labels":{"app":"api"},"line":"x","timestamp":"2024-03-05T14:02:11Z"}', 'jsonl'],
    [JSON.stringify(sample('grafana.json').annotations_response), 'grafana-annotations'],
    [JSON.stringify(sample('grafana.json').state_history_response_shape), 'grafana-annotations'],
    [JSON.stringify(sample('slack.json').conversations_history_response), 'slack'],
    [JSON.stringify(sample('matrix.json').response), 'matrix'],
    [JSON.stringify(sample('mattermost.json').response), 'mattermost'],
    [JSON.stringify([sample('discord.json').message]), 'discord'],
    [JSON.stringify(sample('journald.json').A), 'journald'],
    [JSON.stringify(sample('woodpecker.json').ILLUSTRATIVE_current), 'woodpecker'],
    [sample<{ rfc5424: string[] }>('syslog.json').rfc5424.join('\n'), 'syslog'],
    [sample<{ rfc3164: string[] }>('syslog.json').rfc3164.join('\n'), 'syslog'],
    [sampleText('chat-transcripts.txt'), 'transcript'],
    ['{"ts":"2024-03-05T14:00:00Z","msg":"a"}\n{"ts":"2024-03-05T14:00:01Z","msg":"b"}', 'jsonl'],
    ['ts=2024-03-05T14:00:00Z level=info msg=a\nts=2024-03-05T14:00:01Z level=warn msg=b', 'logfmt'],
    ['2024-03-05 14:00:00,123 INFO starting\n2024-03-05 14:00:01,001 ERROR boom', 'text'],
    ['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok\n[Sun Dec 04 04:47:45 2005] [error] mod_jk child', 'text'],
    ['[\n  {"time": "2024-03-05T14:00:00Z", "msg": "a"}\n]', 'jsonl'],
  ];
  it.each(cases)('detects %#', (head, format) => {
    const d = detectFormat(head);
    expect(d.format).toBe(format);
    expect(d.reason.length).toBeGreaterThan(5);
  });
});

describe('JsonStreamParser', () => {
  it('gives the same values as JSON.parse for any chunking, and emits split values in order', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), (value, sizes) => {
        const text = JSON.stringify({ data: { result: [{ values: [value, value] }] }, other: value });
        const emitted: unknown[] = [];
        const p = new JsonStreamParser({
          split: (path) => path.length === 5 && path[3] === 'values',
          onValue: (_path, v) => emitted.push(v),
        });
        let pos = 0;
        let i = 0;
        while (pos < text.length) {
          const n = sizes[i++ % sizes.length]!;
          p.write(text.slice(pos, pos + n));
          pos += n;
        }
        const root = p.end() as { other: unknown; data: { result: Array<{ values: unknown[] }> } };
        const expected = JSON.parse(JSON.stringify(value));
        expect(emitted).toEqual([expected, expected]);
        expect(root.other).toEqual(expected);
        expect(root.data.result[0]!.values).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps a "__proto__" key as an own property, as JSON.parse does, without touching prototypes', () => {
    const text = '{"a":{"__proto__":{"polluted":true}},"b":[{"__proto__":""}]}';
    const p = new JsonStreamParser({ split: () => false, onValue: () => {} });
    p.write(text);
    const root = p.end() as { a: Record<string, unknown>; b: Array<Record<string, unknown>> };
    expect(root).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(root.a)).toBe(Object.prototype);
    expect(Object.keys(root.b[0]!)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('the Loki pair fast path agrees with JSON.parse for any strings and chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.boolean()), { maxLength: 8 }),
        fc.integer({ min: 1, max: 25 }),
        (pairs, size) => {
          const values = pairs.map(([a, b, meta]) => (meta ? [a, b, { k: a }] : [a, b]));
          const text = JSON.stringify({ data: { result: [{ stream: { a: '1' }, values }] } }, null, pairs.length % 2 ? 1 : 0);
          const got: unknown[] = [];
          const p = new JsonStreamParser({ split: (path) => path.length === 5 && path[3] === 'values', onValue: (_p, v) => got.push(v), fast: fastPair });
          for (let i = 0; i < text.length; i += size) p.write(text.slice(i, i + size));
          p.end();
          expect(got).toEqual(JSON.parse(text).data.result[0].values);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports the JSON path of a syntax error', () => {
    const p = new JsonStreamParser({ split: () => false, onValue: () => {} });
    expect(() => {
      p.write('{"data":{"result":[{"values":[["1","a"],["2" "b"]]}]}}');
      p.end();
    }).toThrow(/expected "," or "]"/);
    const q = new JsonStreamParser({ split: () => false, onValue: () => {} });
    q.write('{"a":[1,2');
    expect(() => q.end()).toThrow(/ends before/);
  });
});
