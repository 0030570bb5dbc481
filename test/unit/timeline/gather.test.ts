import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, UserInputError } from '../../../src/errors.js';
import { gatherTimeline } from '../../../src/timeline/gather.js';
import { GatherTimelineOutputSchema } from '../../../src/timeline/schema.js';
import type { LiveSource } from '../../../src/timeline/types.js';
import { buildIncident, lokiChunks } from '../../fixtures/timeline/generator.js';
import { deps, testConfig } from './helpers.js';

const iso = (ms: number) => new Date(ms).toISOString();
const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('a generated multi-source incident', () => {
  it.each([1, 2, 3, 42])('finds the planted key moments (seed %i)', async (seed) => {
    const inc = buildIncident(seed);
    const { structured, text } = await gatherTimeline({ start: inc.start, end: inc.end, inputs: inc.inputs }, deps());
    expect(GatherTimelineOutputSchema.safeParse(structured).success).toBe(true);
    const km = structured.keyMoments;
    const e = inc.expected;
    expect(km.firstSymptom?.ts).toBe(iso(e.firstSymptomMs));
    expect(km.firstSymptom?.eventId).toMatch(/^loki:pattern:/);
    expect(km.detection?.ts).toBe(iso(e.detectionMs));
    expect(km.investigation?.ts).toBe(iso(e.investigationMs));
    expect(km.rootCauseIdentified?.ts).toBe(iso(e.rootCauseMs));
    expect(km.mitigation?.eventId).toBe('woodpecker:shop/api#91');
    expect(km.restored?.ts).toBe(iso(e.restoredMs));
    expect(km.resolved?.ts).toBe(iso(e.resolvedMs));
    for (const m of Object.values(km)) expect(structured.events.some((ev) => ev.id === m!.eventId)).toBe(true);
    const minutes = (ms: number) => Math.floor(ms / 60_000);
    const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    expect(structured.durations.detectionToResolution).toBe(hhmm(minutes(e.resolvedMs - e.detectionMs)));
    expect(structured.durations.impact).toBe(hhmm(minutes(e.restoredMs - e.firstSymptomMs)));

    // One alert, three systems: merged with corroboration.
    const firing = structured.events.filter((ev) => ev.category === 'alert_firing');
    expect(firing).toHaveLength(1);
    expect(firing[0]!.source.system).toBe('alertmanager');
    expect(firing[0]!.corroboratedBy!.map((id) => id.split(':')[0]).sort()).toEqual(['grafana', 'prometheus']);
    // Error lines grouped into one novel pattern; known warning not novel.
    const err = structured.events.find((ev) => ev.id === km.firstSymptom!.eventId)!;
    expect(err.count).toBe(e.errorLines);
    expect(err.pattern!.novel).toBe(true);
    expect(structured.events.find((ev) => ev.pattern?.template.startsWith('cache hit ratio'))?.pattern?.novel).toBe(false);
    // Repeated k8s BackOff is one event with its count; the old Pulled event is outside the window.
    expect(structured.events.find((ev) => ev.labels?.reason === 'BackOff')?.count).toBe(14);
    expect(structured.events.some((ev) => ev.labels?.reason === 'Pulled')).toBe(false);
    expect(structured.omitted.outsideWindow).toBeGreaterThan(0);
    // The text block is the table plus moments.
    expect(text).toContain('| Time (UTC) | Event |');
    expect(text).toMatch(/\| Detection: Alert HighErrorRate firing/);
    // Rows paste into the document as they are: no bracketed annotations, which lint reads as
    // leftover template placeholders (PM701). Regression found by the opencode end-to-end loop.
    for (const row of text.split('\n').filter((l) => /^\| \d/.test(l))) expect(row).not.toMatch(/\[[^\]]*\]/);
    expect(text).toContain('(source: woodpecker: shop/api#91)');
  });

  it('applies filters to events and log lines alike', async () => {
    const inc = buildIncident(4);
    const other = (await gatherTimeline({ start: inc.start, end: inc.end, inputs: inc.inputs, filters: { namespaces: ['payments'], alertnames: ['DiskFull'] } }, deps())).structured;
    expect(other.events.some((e) => e.entity?.namespace === 'shop')).toBe(false);
    expect(other.events.some((e) => e.category === 'alert_firing')).toBe(false);
    expect(other.events.some((e) => e.source.system === 'slack')).toBe(true);
    const shop = (await gatherTimeline({ start: inc.start, end: inc.end, inputs: inc.inputs, filters: { namespaces: ['shop'], alertnames: [inc.expected.alertname] } }, deps())).structured;
    expect(shop.keyMoments.detection?.ts).toBe(iso(inc.expected.detectionMs));
  });

  it('gives the same timeline for any order of the same inputs', async () => {
    const inc = buildIncident(9);
    const reference = (await gatherTimeline({ start: inc.start, end: inc.end, inputs: inc.inputs }, deps())).structured;
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(inc.inputs, { minLength: inc.inputs.length }), async (order) => {
        const { structured } = await gatherTimeline({ start: inc.start, end: inc.end, inputs: order }, deps());
        expect(structured.events).toEqual(reference.events);
        expect(structured.keyMoments).toEqual(reference.keyMoments);
        expect(structured.durations).toEqual(reference.durations);
        expect(structured.omitted).toEqual(reference.omitted);
        expect([...structured.warnings].sort()).toEqual([...reference.warnings].sort());
      }),
      { numRuns: 8 },
    );
  });
});

function unescapedPipes(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== '|') continue;
    let bs = 0;
    for (let j = i - 1; j >= 0 && line[j] === '\\'; j--) bs++;
    if (bs % 2 === 0) n++;
  }
  return n;
}

function tableLines(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.indexOf('| Time (UTC) | Event |');
  const out: string[] = [];
  for (let i = start; i < lines.length && lines[i] !== ''; i++) out.push(lines[i]!);
  return out;
}

describe('the text block', () => {
  it('no gathered line can break the table', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { minLength: 1, maxLength: 8 }), async (texts) => {
        const chat = texts.map((t, i) => ({ type: 'message', user: `U${i}`, text: t, ts: `${1709647200 + i * 60}.000100` }));
        const logs = texts.map((t, i) => `2024-03-05T14:${String(10 + i).padStart(2, '0')}:00Z ERROR ${t}`).join('\n');
        const { structured, text } = await gatherTimeline(
          {
            start: '2024-03-05T14:00:00Z',
            end: '2024-03-05T15:00:00Z',
            inputs: [
              { format: 'slack', content: JSON.stringify(chat), label: 'c|h)a(n\\' },
              { format: 'text', content: logs, label: 'l|o\ng' },
            ],
          },
          deps(),
        );
        const rows = tableLines(text);
        expect(rows.length).toBe(2 + structured.events.length);
        expect(rows[1]).toBe('|------------|-------|');
        for (const row of rows.filter((_, i) => i !== 1)) {
          expect(row.startsWith('| ')).toBe(true);
          expect(row.endsWith(' |')).toBe(true);
          expect(unescapedPipes(row)).toBe(3);
          expect(row).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('stays under 32,000 characters at the default budget whatever the input size', async () => {
    const chat = Array.from({ length: 3000 }, (_, i) => ({ type: 'message', user: `U${i % 50}`, text: `message ${'x'.repeat(i % 500)} number ${i} | pipe`, ts: `${1709647200 + i}.000100` }));
    const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
    const logs = Array.from({ length: 4000 }, (_, i) => `2024-03-05T14:${String(i % 60).padStart(2, '0')}:00Z ERROR ${words[i % 8]} ${words[(i >> 3) % 8]} ${words[(i >> 6) % 8]} failed ${'y'.repeat(300)}`).join('\n');
    const { structured, text } = await gatherTimeline(
      { start: '2024-03-05T14:00:00Z', end: '2024-03-05T16:00:00Z', inputs: [{ format: 'slack', content: JSON.stringify(chat), label: 'c' }, { format: 'text', content: logs, label: 'app' }] },
      deps(),
    );
    expect(structured.events.length).toBe(60);
    expect(text.length).toBeLessThan(32_000);
    expect(structured.omitted.events + structured.omitted.patterns).toBeGreaterThan(0);
    expect(text).toMatch(/Omitted by the budget: \d+ events/);
    expect(structured.omitted.note).toMatch(/narrow start\/end/);
  });
});

describe('the budget', () => {
  it('never exceeds maxEvents and always keeps the key moments and state changes that fit', async () => {
    const inc = buildIncident(21, { infoLines: 300 });
    const full = (await gatherTimeline({ start: inc.start, end: inc.end, inputs: inc.inputs, maxEvents: 500 }, deps())).structured;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), async (maxEvents) => {
        const { structured } = await gatherTimeline({ start: inc.start, end: inc.end, inputs: inc.inputs, maxEvents }, deps());
        expect(structured.events.length).toBe(Math.min(maxEvents, full.events.length));
        const ids = new Set(structured.events.map((e) => e.id));
        const keyIds = [...new Set(Object.values(structured.keyMoments).map((m) => m!.eventId))];
        const keptKeys = keyIds.filter((id) => ids.has(id)).length;
        expect(keptKeys).toBe(Math.min(keyIds.length, maxEvents));
        const stateChanges = full.events.filter((e) => ['alert_firing', 'alert_resolved', 'deploy', 'rollback'].includes(e.category));
        if (maxEvents >= keyIds.length + stateChanges.length) for (const e of stateChanges) expect(ids.has(e.id)).toBe(true);
        expect(structured.omitted.events + structured.omitted.patterns).toBe(full.events.length - structured.events.length);
        expect(structured.events.map((e) => e.tsNs)).toEqual([...structured.events.map((e) => e.tsNs)].sort((a, b) => (BigInt(a!) < BigInt(b!) ? -1 : BigInt(a!) > BigInt(b!) ? 1 : 0)));
      }),
      { numRuns: 12 },
    );
  });
});

describe('errors, safety, cancellation', () => {
  it('a malformed input fails alone, with its label, format and location', async () => {
    const inc = buildIncident(5);
    const { structured } = await gatherTimeline(
      { start: inc.start, end: inc.end, inputs: [...inc.inputs, { format: 'kubectl-events' as const, content: '{"kind":"List","items":[', label: 'broken' }] },
      deps(),
    );
    const row = structured.sources.find((s) => s.input?.includes('broken'))!;
    expect(row.ok).toBe(false);
    expect(row.error).toMatch(/broken" \(kubectl-events\) at line \d+.*not valid JSON/);
    expect(structured.keyMoments.detection).toBeDefined();
  });

  it('throws when nothing could be read, and for a bad window', async () => {
    await expect(gatherTimeline({ start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'matrix', content: '[1,2' }] }, deps())).rejects.toThrow(/inputs\[0\] \(matrix\)/);
    await expect(gatherTimeline({ start: '2024-03-05T14:00:00', end: '2024-03-05T15:00:00Z', inputs: [] }, deps())).rejects.toThrow(/start must be an ISO 8601 instant with a zone/);
    await expect(gatherTimeline({ start: '2024-03-05T15:00:00Z', end: '2024-03-05T14:00:00Z', inputs: [] }, deps())).rejects.toBeInstanceOf(UserInputError);
    await expect(gatherTimeline({ start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z' }, deps())).rejects.toThrow(/Nothing to gather/);
  });

  it('redacts secrets and strips control characters from gathered text', async () => {
    const token = `ghp_${'a1B2c3D4e5'.repeat(4)}`;
    const chat = [{ type: 'message', user: 'U1', text: `deploy key ${token} \u001b[31mred\u0007 \u202Eevil`, ts: '1709647200.000100' }];
    const { structured, text } = await gatherTimeline({ start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'slack', content: JSON.stringify(chat) }] }, deps());
    expect(JSON.stringify(structured)).not.toContain(token);
    expect(text).not.toContain(token);
    expect(structured.events[0]!.title).toContain('[REDACTED]');
    expect(structured.events[0]!.title).not.toMatch(/[\u0000-\u001f\u202e]/);
  });

  it('reports sources that were asked for but are not configured, and uses live sources', async () => {
    const fake: LiveSource = {
      system: 'prometheus',
      async fetch(window) {
        return {
          fetched: 1,
          note: 'fake',
          events: [
            {
              id: 'prometheus:x',
              ts: window.start,
              source: { system: 'prometheus', kind: 'alert', ref: 'ALERTS' },
              severity: 'warning',
              category: 'alert_firing',
              title: 'Alert X firing',
              count: 1,
              firstSeen: window.start,
              lastSeen: window.start,
              tsNs: window.startNs.toString(),
              labels: { alertname: 'X' },
            },
          ],
          logs: [{ system: 'loki', tsNs: window.startNs + 5n, line: 'boom', level: 'error', ref: '{app="a"}' }],
        };
      },
    };
    const config = testConfig({ prometheus: { url: 'http://prom:9090' } });
    const { structured } = await gatherTimeline({ start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', sources: ['prometheus', 'loki'] }, deps({ config, liveSources: [fake] }));
    expect(structured.sources).toEqual([
      expect.objectContaining({ system: 'prometheus', ok: true, fetched: 1, note: 'fake' }),
      expect.objectContaining({ system: 'loki', ok: false, error: expect.stringMatching(/LOKI_URL/) }),
    ]);
    expect(structured.events.map((e) => e.source.kind).sort()).toEqual(['alert', 'log_pattern']);
    expect(structured.keyMoments.detection?.eventId).toBe('prometheus:x');
  });

  it('queries every configured live source by default, next to exported inputs', async () => {
    let calls = 0;
    const fake: LiveSource = { system: 'loki', fetch: async () => ((calls++, { fetched: 0, events: [] })) };
    const config = testConfig({ loki: { url: 'http://loki:3100' } });
    const { structured } = await gatherTimeline(
      { start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'transcript', content: '[14:02] alice: down' }] },
      deps({ config, liveSources: [fake] }),
    );
    expect(calls).toBe(1);
    expect(structured.sources.map((s) => [s.system, s.ok])).toEqual([
      ['transcript', true],
      ['loki', true],
    ]);
  });

  it('streams a Loki file from the input roots with progress, and gives the same result as content', async () => {
    const dir = tempDir('pm-loki-');
    const body = [...lokiChunks(3, 20_000, Date.UTC(2024, 2, 5, 14), 3_600_000)].join('');
    writeFileSync(path.join(dir, 'loki.json'), body);
    const progress: number[] = [];
    const fromFile = await gatherTimeline(
      { start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'auto', path: 'loki.json', label: 'l' }] },
      deps({ config: testConfig({ inputRoots: [dir] }), progress: (done) => progress.push(done) }),
    );
    const fromContent = await gatherTimeline({ start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'loki', content: body, label: 'l' }] }, deps());
    expect(fromFile.structured.events).toEqual(fromContent.structured.events);
    expect(fromFile.structured.sources[0]).toMatchObject({ ok: true, format: 'loki', fetched: 20_000 });
    expect(fromFile.structured.sources[0]!.note).toMatch(/auto-detected loki/);
    expect(progress.length).toBeGreaterThan(1);
  });

  it('stops reading when the request is cancelled', async () => {
    const dir = tempDir('pm-cancel-');
    const lines = Array.from({ length: 60_000 }, (_, i) => `2024-03-05T14:${String(i % 60).padStart(2, '0')}:00Z INFO line ${i} ${'z'.repeat(80)}`).join('\n');
    writeFileSync(path.join(dir, 'big.log'), lines);
    const ac = new AbortController();
    let calls = 0;
    const run = gatherTimeline(
      { start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'text', path: 'big.log' }] },
      deps({
        config: testConfig({ inputRoots: [dir] }),
        signal: ac.signal,
        progress: () => {
          calls++;
          if (calls === 2) ac.abort();
        },
      }),
    );
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    const pre = new AbortController();
    pre.abort();
    await expect(gatherTimeline({ start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'text', content: '2024-03-05T14:00:00Z a' }] }, deps({ signal: pre.signal }))).rejects.toBeInstanceOf(CancelledError);
  });

  it('reads naive times in the given zone and flags an unknown zone on that input only', async () => {
    const { structured } = await gatherTimeline(
      {
        start: '2024-03-05T00:00:00Z',
        end: '2024-03-06T00:00:00Z',
        inputs: [
          { format: 'transcript', content: '[14:02] alice: api is down', timezone: 'Asia/Tokyo', label: 'tokyo' },
          { format: 'transcript', content: '[14:02] bob: hi', timezone: 'Mars/Olympus', label: 'mars' },
        ],
      },
      deps(),
    );
    expect(structured.events.map((e) => e.ts)).toEqual(['2024-03-05T05:02:00.000Z']);
    expect(structured.sources.find((s) => s.input?.includes('mars'))).toMatchObject({ ok: false, error: expect.stringMatching(/IANA/) });
  });

  it('reads a JSON array of log objects as jsonl', async () => {
    const logs = [
      { time: '2024-03-05T14:01:00Z', level: 'error', msg: 'db timeout after 30s' },
      { time: '2024-03-05T14:02:00Z', level: 'error', msg: 'db timeout after 31s' },
    ];
    const { structured } = await gatherTimeline({ start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'auto', content: JSON.stringify(logs, null, 2), label: 'api' }] }, deps());
    expect(structured.sources[0]).toMatchObject({ ok: true, format: 'jsonl', fetched: 2 });
    expect(structured.events).toHaveLength(1);
    expect(structured.events[0]).toMatchObject({ count: 2, severity: 'error', source: { system: 'api', kind: 'log_pattern' } });
  });

  it('keeps items that began before the window and marks them', async () => {
    const pipelines = [{ number: 1, event: 'deployment', status: 'success', created: 1709646000, started: 1709646000, finished: 1709647500, message: 'long deploy' }];
    const { structured } = await gatherTimeline({ start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'woodpecker', content: JSON.stringify(pipelines) }] }, deps());
    expect(structured.events[0]).toMatchObject({ startedBeforeWindow: true });
  });
});

describe('clock skew', () => {
  it('reports a consistent offset between two sources that logged the same lines', async () => {
    const base = Date.UTC(2024, 2, 5, 14, 5);
    const msgs = Array.from({ length: 12 }, (_, i) => `worker ${i} finished batch ${i * 17} with status ok`);
    const journal = msgs.map((m, i) => JSON.stringify({ __CURSOR: `c${i}`, __REALTIME_TIMESTAMP: `${(base + i * 60_000) * 1000}`, PRIORITY: '6', _HOSTNAME: 'h1', MESSAGE: m })).join('\n');
    const loki = { status: 'success', data: { resultType: 'streams', result: [{ stream: { host: 'h1', app: 'w' }, values: msgs.map((m, i) => [`${(base + i * 60_000 + 30_000) * 1_000_000}`, m]) }] } };
    const { structured } = await gatherTimeline(
      { start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'journald', content: journal, label: 'j' }, { format: 'loki', content: JSON.stringify(loki), label: 'l' }] },
      deps(),
    );
    const skew = structured.warnings.find((w) => w.startsWith('Clock skew'));
    expect(skew).toMatch(/journald timestamps are about -30\.0s off loki|loki timestamps are about \+30\.0s off journald/);
  });

  it('stays quiet when the same lines agree in time', async () => {
    const base = Date.UTC(2024, 2, 5, 14, 5);
    const msgs = Array.from({ length: 12 }, (_, i) => `worker ${i} finished batch ${i * 17} with status ok`);
    const journal = msgs.map((m, i) => JSON.stringify({ __CURSOR: `c${i}`, __REALTIME_TIMESTAMP: `${(base + i * 60_000) * 1000}`, PRIORITY: '6', _HOSTNAME: 'h1', MESSAGE: m })).join('\n');
    const loki = { status: 'success', data: { resultType: 'streams', result: [{ stream: { host: 'h1' }, values: msgs.map((m, i) => [`${(base + i * 60_000 + 200) * 1_000_000}`, m]) }] } };
    const { structured } = await gatherTimeline(
      { start: '2024-03-05T14:00:00Z', end: '2024-03-05T15:00:00Z', inputs: [{ format: 'journald', content: journal }, { format: 'loki', content: JSON.stringify(loki) }] },
      deps(),
    );
    expect(structured.warnings.some((w) => w.startsWith('Clock skew'))).toBe(false);
  });
});
