import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatherTimeline } from '../../../src/timeline/gather.js';
import { detectFormat } from '../../../src/timeline/inputs.js';
import { parseJournald } from '../../../src/timeline/sources/journald.js';
import { JOURNALD_PRETTY, journaldEntries, toJsonPretty } from '../../fixtures/timeline/make-journald-pretty.js';
import { deps, parseCtx, testConfig, type TestCtx } from './helpers.js';

const pretty = readFileSync(JOURNALD_PRETTY, 'utf8');
const entries = journaldEntries();
const RS = '\u001e';

function parsed(content: string): TestCtx {
  const ctx = parseCtx({ label: 'j' });
  parseJournald(content, ctx);
  return ctx;
}

describe('journalctl -o json-pretty and json-seq', () => {
  it('the committed fixture is what make-journald-pretty.ts writes', () => {
    expect(pretty).toBe(toJsonPretty(entries));
  });

  it('reads the pretty fixture: timestamps, levels, byte arrays, duplicates and untimed entries', () => {
    const ctx = parsed(pretty);
    expect(ctx.lines.map((l) => [l.tsNs, l.level, l.service, l.host])).toEqual([
      [1422990364737973000n, 'info', 'nginx.service', 'desktop'],
      [1422990364999000000n, 'error', 'nginx.service', 'desktop'],
    ]);
    expect(ctx.lines[1]!.line).toBe(entries[3]!.MESSAGE);
    expect(ctx.warnings.join('\n')).toMatch(/1 journal entr\(ies\) without __REALTIME_TIMESTAMP/);
    expect(ctx.warnings.join('\n')).toMatch(/1 duplicate journal entr\(ies\)/);
  });

  it('gives the same lines as -o json for the same entries, whatever the layout', () => {
    const compact = parsed(entries.map((e) => JSON.stringify(e)).join('\n'));
    expect(compact.lines).toHaveLength(2);
    const layouts = {
      pretty,
      twoSpaces: entries.map((e) => JSON.stringify(e, null, 2)).join('\n'),
      crlf: pretty.replace(/\n/g, '\r\n'),
      jsonSeq: entries.map((e) => `${RS}${JSON.stringify(e)}\n`).join(''),
      jsonSeqPretty: entries.map((e) => `${RS}${JSON.stringify(e, null, 1)}\n`).join(''),
      mixed: `${JSON.stringify(entries[0])}\n${toJsonPretty(entries.slice(1, 3))}${JSON.stringify(entries[3])}\n`,
    };
    for (const [layout, content] of Object.entries(layouts)) {
      const ctx = parsed(content);
      expect({ layout, lines: ctx.lines }).toEqual({ layout, lines: compact.lines });
      expect(ctx.warnings).toEqual(compact.warnings);
    }
  });

  it('names the lines of a malformed pretty entry', () => {
    const broken = toJsonPretty([entries[0]!]).replace('"PRIORITY" : "6",', '"PRIORITY" : "6"');
    expect(() => parsed(`${broken}${toJsonPretty([entries[3]!])}`)).toThrow(/^j \(journald\) at lines 1-27: not a JSON object/);
    expect(() => parsed(`${toJsonPretty([entries[0]!])}${toJsonPretty([entries[3]!]).slice(0, 200)}`)).toThrow(/^j \(journald\) at line 28: this entry never closes \(the export ends early\)/);
    expect(() => parsed('{\n\t"MESSAGE" : "a"\n}\n\t"PRIORITY" : "6"\n')).toThrow(/^j \(journald\) at line 4: not a JSON object/);
  });

  it('detects json-pretty and json-seq', () => {
    expect(detectFormat(pretty).format).toBe('journald');
    expect(detectFormat(entries.map((e) => `${RS}${JSON.stringify(e)}\n`).join(''))).toEqual({ format: 'journald', reason: 'RS-separated journal entries (journalctl -o json-seq)' });
    expect(detectFormat(`${RS}{"level":"info","msg":"x"}\n`).format).not.toBe('journald');
  });

  it.each(['journald', 'auto'] as const)('gather_timeline streams the pretty file (format %s)', async (format) => {
    const { structured } = await gatherTimeline(
      { start: '2015-02-03T19:00:00Z', end: '2015-02-03T20:00:00Z', inputs: [{ format, path: path.basename(JOURNALD_PRETTY) }], sources: [] },
      deps({ config: testConfig({ inputRoots: [path.dirname(JOURNALD_PRETTY)] }) }),
    );
    expect(structured.sources[0]).toMatchObject({ system: 'journald', format: 'journald', ok: true, kept: 2 });
    if (format === 'auto') expect(structured.sources[0]!.note).toMatch(/^auto-detected journald/);
    expect(structured.events.some((e) => e.source.kind === 'log_pattern' && e.severity === 'error')).toBe(true);
    expect(structured.warnings.join('\n')).toMatch(/duplicate journal entr/);
  });

  it('gather_timeline reads json-seq given as content', async () => {
    const content = entries.map((e) => `${RS}${JSON.stringify(e)}\n`).join('');
    const { structured } = await gatherTimeline({ start: '2015-02-03T19:00:00Z', end: '2015-02-03T20:00:00Z', inputs: [{ format: 'auto', content }], sources: [] }, deps());
    expect(structured.sources[0]).toMatchObject({ format: 'journald', ok: true, kept: 2 });
    expect(structured.sources[0]!.note).toMatch(/json-seq/);
  });
});
