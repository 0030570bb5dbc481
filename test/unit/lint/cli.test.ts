/** `postmortem-mcp lint` (issue 4): formats, --fix writing in place, exit codes 0/1/2. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLintCommand, type LintIo } from '../../../src/lint/cli.js';

const GOOD = readFileSync(join(import.meta.dirname, '../../fixtures/lint/corpus/dns-resolver-outage.md'), 'utf8');
const FIXABLE = GOOD.replace('**Severity:** P1', '**Severity:** sev1');
const BROKEN = GOOD.replace('**Severity:** P1', '**Severity:** High');

function memoryIo(files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  const io: LintIo = {
    readFile: async (p) => {
      const v = files[p];
      if (v === undefined) throw new Error('ENOENT');
      return v;
    },
    writeFile: async (p, t) => {
      written[p] = t;
    },
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
  };
  return { io, out, err, written };
}

describe('runLintCommand', () => {
  it('exits 0 for a clean file and 1 when an error remains', async () => {
    const a = memoryIo({ 'good.md': GOOD, 'bad.md': BROKEN });
    expect(await runLintCommand(['good.md'], a.io)).toBe(0);
    expect(a.out.join('\n')).toContain('No problems');
    const b = memoryIo({ 'good.md': GOOD, 'bad.md': BROKEN });
    expect(await runLintCommand(['good.md', 'bad.md'], b.io)).toBe(1);
    expect(b.out).toContain('bad.md');
    expect(b.out.join('\n')).toMatch(/PM105 severity-value/);
  });

  it('--fix writes the fixed file and reports what remains', async () => {
    const m = memoryIo({ 'f.md': FIXABLE });
    expect(await runLintCommand(['f.md', '--fix'], m.io)).toBe(0);
    expect(m.written['f.md']).toBe(GOOD);
    const n = memoryIo({ 'g.md': GOOD });
    await runLintCommand(['--fix', 'g.md'], n.io);
    expect(n.written).toEqual({});
  });

  it('supports --format json|sarif|github, --preset and --rule', async () => {
    const j = memoryIo({ 'b.md': BROKEN });
    expect(await runLintCommand(['--format', 'json', 'b.md'], j.io)).toBe(1);
    expect((JSON.parse(j.out.join('\n')) as { summary: { errors: number } }).summary.errors).toBe(1);
    const s = memoryIo({ 'b.md': BROKEN });
    await runLintCommand(['--format=sarif', 'b.md'], s.io);
    expect((JSON.parse(s.out.join('\n')) as { version: string }).version).toBe('2.1.0');
    const g = memoryIo({ 'b.md': BROKEN });
    await runLintCommand(['--format', 'github', 'b.md'], g.io);
    expect(g.out[0]).toMatch(/^::error file=b\.md,line=5,/);
    const r = memoryIo({ 'b.md': BROKEN });
    expect(await runLintCommand(['--rule', 'PM105=warning', 'b.md'], r.io)).toBe(0);
    const p = memoryIo({ 'good.md': GOOD });
    expect(await runLintCommand(['--preset', 'strict', 'good.md'], p.io)).toBe(0);
  });

  it('exits 2 on usage errors with a sentence on stderr', async () => {
    const cases: string[][] = [[], ['--bogus', 'good.md'], ['--format', 'xml', 'good.md'], ['--rule', 'PM999=off', 'good.md'], ['--rule', 'PM105', 'good.md'], ['missing.md'], ['--preset']];
    for (const args of cases) {
      const m = memoryIo({ 'good.md': GOOD });
      expect(await runLintCommand(args, m.io), args.join(' ')).toBe(2);
      expect(m.err[0]).toMatch(/^postmortem-mcp lint: /);
      expect(m.out).toEqual([]);
    }
  });

  it('prints help with exit 0', async () => {
    const m = memoryIo({});
    expect(await runLintCommand(['--help'], m.io)).toBe(0);
    expect(m.out[0]).toMatch(/^Usage: postmortem-mcp lint FILE/);
  });
});
