import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CancelledError, UserInputError } from '../../../src/errors.js';
import { gatherTimeline } from '../../../src/timeline/gather.js';
import { parseSlack } from '../../../src/timeline/sources/slack.js';
import { parseSlackExport } from '../../../src/timeline/sources/slack-export.js';
import { ZipArchive } from '../../../src/timeline/zip.js';
import { SLACK_EXPORT_ZIP, slackExportEntries } from '../../fixtures/timeline/make-slack-export.js';
import { buildZip, type WriterEntry } from '../../fixtures/timeline/zip-writer.js';
import { deps, parseCtx, testConfig } from './helpers.js';

const START = '2024-03-05T14:00:00Z';
const END = '2024-03-05T16:00:00Z';
const FIXTURE_DIR = path.dirname(SLACK_EXPORT_ZIP);
const tsOf = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

const dir = mkdtempSync(path.join(tmpdir(), 'pm-slack-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function writeZip(entries: WriterEntry[]): string {
  const file = path.join(dir, `export-${n++}.zip`);
  writeFileSync(file, buildZip(entries));
  return file;
}

const channelsJson = JSON.stringify([{ id: 'C1', name: 'ops' }]);

async function exportError(file: string): Promise<UserInputError> {
  const error = await parseSlackExport(file, parseCtx({ start: START, end: END, label: 'ws.zip' }), { field: 'inputs.0.path' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserInputError);
  return error as UserInputError;
}

describe('the committed Slack export fixture', () => {
  it('holds exactly what make-slack-export.ts writes', async () => {
    const zip = await ZipArchive.open(SLACK_EXPORT_ZIP, { label: 'fixture', field: 'path' });
    try {
      const expected = slackExportEntries();
      expect(zip.entries.map((e) => [e.name, e.method])).toEqual(expected.map((e) => [e.name, e.method ?? 8]));
      for (const e of expected) expect((await zip.read(zip.find(e.name)!)).equals(Buffer.from(e.data))).toBe(true);
    } finally {
      await zip.close();
    }
  });
});

describe('parseSlackExport', () => {
  it('reads day files near the window with names from users.json and channel names in refs', async () => {
    const ctx = parseCtx({ start: START, end: END, label: 'export.zip' });
    const result = await parseSlackExport(SLACK_EXPORT_ZIP, ctx, { field: 'inputs.0.path' });
    expect(result).toMatchObject({ dayFiles: 3, skippedByDate: 2, channels: 2 });
    expect(result.note).toBe('Slack export: read 3 day files from 2 channels dated 2024-03-04..2024-03-06 (the window ±1 day), skipped 2 dated outside it');
    const byTs = [...result.events].sort((a, b) => (BigInt(a.tsNs!) < BigInt(b.tsNs!) ? -1 : 1));
    expect(byTs.map((e) => [e.source.ref, e.title])).toEqual([
      ['slack incidents ts 1709622000.000100', 'alice: morning, quiet night'],
      ['slack deploys ts 1709646900.000100', 'woodpecker: deploy api v1.2.3 started'],
      ['slack incidents ts 1709647260.000200', 'alertmanager: [FIRING:1] HighErrorRate api (5xx above 5%)'],
      ['slack incidents ts 1709647320.001200', 'alice: api is 502ing, @Bob Li can you look?'],
      ['slack incidents ts 1709647500.004500 (thread 1709647320.001200)', 'Bob Li: on it, rolling back api to v1.2.2'],
      ['slack deploys ts 1709647560.000700', 'Bob Li: @alice rollback of api is out'],
      ['slack incidents ts 1709648400.000600', 'carol.s: root cause: the pool size in v1.2.3, see #deploys'],
      ['slack incidents ts 1709649000.000800', 'alice: error rate back to normal, all clear'],
    ]);
    const alert = byTs.find((e) => e.source.ref.includes('1709647260'))!;
    expect(alert).toMatchObject({ category: 'alert_firing', labels: { alertname: 'HighErrorRate' } });
    expect(byTs.find((e) => e.title.startsWith('woodpecker'))!.category).toBe('bot');
    expect(byTs.find((e) => e.title.startsWith('carol.s'))!.phaseHints).toContain('rootCauseIdentified');
    expect(byTs[0]!.id).toBe('slack:incidents:1709622000.000100');
    expect(ctx.warnings).toEqual([]);
  });

  it('moves the date range with the window', async () => {
    const ctx = parseCtx({ start: '2024-02-20T10:00:00Z', end: '2024-02-20T13:00:00Z' });
    const result = await parseSlackExport(SLACK_EXPORT_ZIP, ctx, { field: 'f' });
    expect(result).toMatchObject({ dayFiles: 1, skippedByDate: 4, channels: 1 });
    expect(result.events.map((e) => e.title)).toEqual(['alice: unrelated: api is down in staging']);
  });

  it('warns when no day file is near the window', async () => {
    const ctx = parseCtx({ start: '2025-01-01T00:00:00Z', end: '2025-01-02T00:00:00Z', label: 'export.zip' });
    const result = await parseSlackExport(SLACK_EXPORT_ZIP, ctx, { field: 'f' });
    expect(result.events).toEqual([]);
    expect(ctx.warnings.join()).toMatch(/export\.zip: the Slack export has no day files dated 2024-12-31\.\.2025-01-02/);
  });

  it('accepts an export re-zipped inside one top folder, and keeps ids without users.json', async () => {
    const file = writeZip([
      { name: 'Acme Slack export/channels.json', data: channelsJson },
      { name: 'Acme Slack export/ops/2024-03-05.json', data: JSON.stringify([{ type: 'message', user: 'U9', text: 'hi <@U8|bob>', ts: '1709647300.000001' }]) },
    ]);
    const ctx = parseCtx({ start: START, end: END, label: 'acme.zip' });
    const result = await parseSlackExport(file, ctx, { field: 'f' });
    expect(result.events.map((e) => [e.source.ref, e.title])).toEqual([['slack ops ts 1709647300.000001', 'U9: hi @bob']]);
    expect(ctx.warnings.join()).toMatch(/acme\.zip: the Slack export has no users\.json/);
  });

  it('ignores entries whose names could escape a folder', async () => {
    const msg = (text: string) => JSON.stringify([{ type: 'message', user: 'U1', text, ts: '1709647300.000001' }]);
    const file = writeZip([
      { name: 'channels.json', data: channelsJson },
      { name: '../ops/2024-03-05.json', data: msg('escaped') },
      { name: 'ops\\2024-03-05.json', data: msg('backslash') },
      { name: 'ops/2024-03-05.json', data: msg('inside') },
    ]);
    const result = await parseSlackExport(file, parseCtx({ start: START, end: END }), { field: 'f' });
    expect(result.events.map((e) => e.title)).toEqual(['U1: inside']);
  });

  it('names the input, the entry and the JSON problem for a malformed day file', async () => {
    const file = writeZip([
      { name: 'channels.json', data: channelsJson },
      { name: 'ops/2024-03-05.json', data: '[\n  {"type": "message", "ts": "1709647300.000001",\n  "text": "oops" "user": "U1"}\n]' },
    ]);
    const err = await exportError(file);
    expect(err.message).toMatch(/^ws\.zip \(slack\) at entry ops\/2024-03-05\.json: invalid JSON at line 3 column \d+; /);
    expect(err.message).not.toContain('oops');
    const cut = writeZip([
      { name: 'channels.json', data: channelsJson },
      { name: 'ops/2024-03-05.json', data: '[{"type": "message"' },
    ]);
    expect((await exportError(cut)).message).toMatch(/entry ops\/2024-03-05\.json: the JSON ends early/);
    const notArray = writeZip([
      { name: 'channels.json', data: channelsJson },
      { name: 'ops/2024-03-05.json', data: '{"messages": []}' },
    ]);
    expect((await exportError(notArray)).message).toMatch(/entry ops\/2024-03-05\.json: expected an array of messages/);
  });

  it('refuses a ZIP that is not a Slack export', async () => {
    const file = writeZip([{ name: 'README.txt', data: 'hello' }, { name: 'logs/2024-03-05.json', data: '[]' }]);
    const err = await exportError(file);
    expect(err.message).toMatch(/^ws\.zip \(slack\): the ZIP archive has no channels\.json, so it is not a Slack workspace export/);
    expect(err.field).toBe('inputs.0.path');
  });

  it('passes archive problems on with the input and entry named', async () => {
    const file = writeZip([
      { name: 'channels.json', data: channelsJson },
      { name: 'ops/2024-03-05.json', data: '[]', crc: 1 },
    ]);
    expect((await exportError(file)).message).toMatch(/^ws\.zip \(zip\) entry ops\/2024-03-05\.json: failed its CRC-32 check/);
  });

  it('stops between day files when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = parseSlackExport(SLACK_EXPORT_ZIP, parseCtx({ start: START, end: END }), { field: 'f', signal: controller.signal });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });

  it('applies the zip limits to the day files it reads', async () => {
    const file = writeZip([
      { name: 'channels.json', data: channelsJson },
      { name: 'ops/2024-03-05.json', data: JSON.stringify([{ type: 'message', text: 'x'.repeat(5000), ts: '1709647300.000001' }]) },
    ]);
    const error = await parseSlackExport(file, parseCtx({ start: START, end: END, label: 'ws.zip' }), { field: 'f', limits: { maxEntryBytes: 4096 } }).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/^ws\.zip \(zip\) entry ops\/2024-03-05\.json: would decompress to/);
  });
});

describe('parseSlack with export metadata', () => {
  it('resolves user, channel, group and broadcast mentions', () => {
    const [e] = parseSlack(
      [{ type: 'message', user: 'U1', text: '<!here> <@U2> <@U3|carol> <#C1> <#G2|secret> <!subteam^S1|@oncall> <!channel|channel>', ts: '1709647300.000001' }],
      parseCtx(),
      { channel: 'ops', users: { U1: 'alice', U2: 'Bob Li' }, channels: { C1: 'incidents' } },
    );
    expect(e!.title).toBe('alice: @here @Bob Li @carol #incidents #secret @oncall @channel');
  });
});

describe('gather_timeline with a Slack export ZIP', () => {
  const config = testConfig({ inputRoots: [FIXTURE_DIR] });

  it.each(['slack', 'auto'] as const)('format %s: filters by ts, not by the file date', async (format) => {
    const { structured } = await gatherTimeline({ start: START, end: END, inputs: [{ format, path: 'slack-export.zip' }], sources: [] }, deps({ config }));
    const ts = structured.events.map((e) => BigInt(e.tsNs!));
    expect(ts.length).toBe(6);
    for (const t of ts) {
      expect(t >= tsOf(START) && t < tsOf(END)).toBe(true);
    }
    // 14:30Z is in the day file dated 2024-03-06 (the workspace is UTC+13); 07:00Z shares a file with the incident.
    expect(structured.events.map((e) => e.title)).toContain('alice: error rate back to normal, all clear');
    expect(structured.events.map((e) => e.title)).not.toContain('alice: morning, quiet night');
    expect(structured.omitted.outsideWindow).toBe(2);
    const [row] = structured.sources;
    expect(row).toMatchObject({ system: 'slack', ok: true, format: 'slack', fetched: 8, kept: 6 });
    expect(row!.note).toContain('Slack export: read 3 day files from 2 channels');
    if (format === 'auto') expect(row!.note).toMatch(/^auto-detected slack: a ZIP archive, read as a Slack workspace export/);
    expect(structured.keyMoments.detection?.eventId).toBe('slack:incidents:1709647260.000200');
  });

  it('says to pass a path when a ZIP is given as content', async () => {
    for (const format of ['slack', 'auto'] as const) {
      const run = gatherTimeline({ start: START, end: END, inputs: [{ format, content: 'PK\u0003\u0004\u0014\u0000rest' }], sources: [] }, deps());
      await expect(run).rejects.toThrow(/inputs\[0\]: content looks like a ZIP archive, which cannot be pasted as text; save the Slack export under an input root and pass its path instead/);
    }
  });

  it('reports a broken export in its source row and keeps the other inputs', async () => {
    const bad = writeZip([{ name: 'notes.txt', data: 'not slack' }]);
    const { structured } = await gatherTimeline(
      {
        start: START,
        end: END,
        inputs: [
          { format: 'auto', path: bad, label: 'wrong.zip' },
          { format: 'slack', path: 'slack-export.zip' },
        ],
        sources: [],
      },
      deps({ config: testConfig({ inputRoots: [FIXTURE_DIR, dir] }) }),
    );
    expect(structured.sources[0]).toMatchObject({ ok: false, input: 'inputs[0] "wrong.zip"' });
    expect(structured.sources[0]!.error).toMatch(/^wrong\.zip \(slack\): the ZIP archive has no channels\.json/);
    expect(structured.sources[1]!.ok).toBe(true);
    expect(structured.events.length).toBe(6);
  });
});
