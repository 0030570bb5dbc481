/**
 * Issue 4: lint never throws and stays (near) linear on hostile input: long lines, deep nesting,
 * 5 MB documents, inputs that make regexes or the Markdown parser backtrack. Growth is checked as a
 * generous ratio between two input sizes (8x the input may cost at most 40x, which a shared CI machine needs; quadratic would be 64x), never as a fixed time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintMarkdown, pathologicalReason } from '../../../src/lint/engine.js';

const GOOD = readFileSync(join(import.meta.dirname, '../../fixtures/lint/corpus/postgres-replica-lag.md'), 'utf8');

function cost(md: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    lintMarkdown(md, { preset: 'strict' });
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return best;
}

const SHAPES: Record<string, (n: number) => string> = {
  'long line': (n) => `${GOOD}\n${'word '.repeat(n / 5)}\n`,
  'emphasis runs': (n) => `${GOOD}\n${'*a '.repeat(n / 3)}\n`,
  'pipes in a table': (n) => `${GOOD}\n| a |\n|---|\n${`${'|'.repeat(100)}\n`.repeat(n / 101)}`,
  'backslashes': (n) => `${GOOD}\n${'\\'.repeat(n)}\n`,
  'unclosed code spans': (n) => `${GOOD}\n${'` a '.repeat(n / 4)}\n`,
  'timeline rows': (n) => GOOD.replace('## Impact', `${'| 14:05 | should have been done (source: \\(\\(\\( |\n'.repeat(n / 50)}\n## Impact`),
  'phrases': (n) => `${GOOD}\n${'human error should have some users '.repeat(n / 35)}\n`,
  'spaces': (n) => `${GOOD}\na${' '.repeat(n)}b\n`,
};

describe('hostile input', () => {
  it('never throws and keeps positions inside the document (property)', () => {
    const pieces = fc.constantFrom('#', '## ', '\n', '|', '- ', '> ', '**', '`', '```', '<!--', '-->', '<!-- postmortem-lint disable PM105 -->', '[', ']', '(', ')', '\\', '**Date:** ', '## Timeline\n', '| Time (UTC) | Event |\n|---|---|\n', ' (source: x)', '14:05', 'ghp_', '\t', '\r\n', 'é', '🔥');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 60 }), (parts) => {
        const md = parts.join('');
        const r = lintMarkdown(md, { preset: 'strict', fix: true });
        expect(typeof r.fixed).toBe('string');
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(1);
          expect(d.offset ?? 0).toBeLessThanOrEqual(md.length);
          expect(d.endOffset ?? 0).toBeGreaterThanOrEqual(d.offset ?? 0);
        }
      }),
      { numRuns: 150 },
    );
  });

  it.each(Object.keys(SHAPES))('%s grows at most linearly (with a generous factor)', (name) => {
    const make = SHAPES[name] as (n: number) => string;
    cost(make(2_000)); // warm-up
    const small = cost(make(10_000));
    const large = cost(make(80_000));
    expect(large / small).toBeLessThan(40);
  });

  it('reports deep nesting and bracket floods as unreadable instead of parsing them', () => {
    for (const md of ['>'.repeat(50_000), `${'['.repeat(50_000)}x`, Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n')]) {
      expect(pathologicalReason(md)).not.toBeNull();
      const r = lintMarkdown(md, { fix: true });
      expect(r.diagnostics.map((d) => d.ruleId)).toEqual(['PM000']);
      expect(r.ready).toBe(false);
      expect(r.fixed).toBe(md);
    }
    expect(pathologicalReason(GOOD)).toBeNull();
  });

  it('lints a 5 MB document without throwing', () => {
    const big = `${GOOD}\n${'Additional notes: the replica lag graph is attached to LED-311. '.repeat(Math.floor((5 * 1024 * 1024 - GOOD.length - 10) / 65))}\n`;
    expect(big.length).toBeLessThanOrEqual(5 * 1024 * 1024);
    const r = lintMarkdown(big);
    expect(r.summary.errors).toBe(0);
  }, 180_000);
});
