/** five_whys on very long answers and on random trees: it never crashes, and its output keeps its promises. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors.js';
import { fiveWhysTool } from '../../../src/tools/five-whys.js';
import { analyzeWhys, renderWhysText, type WhyInput } from '../../../src/whys/index.js';
import { blamesSomeone } from '../../../src/whys/render.js';
import { lintRootCause, ROOT_CAUSE_RULES } from './helpers.js';

/** About 10 kB of log-like detail after a real cause: what people paste into an answer. */
function longAnswer(lead: string): string {
  const lines = [lead];
  for (let i = 0; lines.join(' ').length < 10_240; i += 1) {
    const mm = String(i % 60).padStart(2, '0');
    lines.push(`At 14:${mm}:${String((i * 7) % 60).padStart(2, '0')} UTC the pool exporter reported ${20 - (i % 3)} of 20 connections in use and ${i * 3} requests waiting on pod checkout-${i % 7}.`);
  }
  return lines.join(' ');
}

describe('very long answers', () => {
  const whys: WhyInput[] = [
    { answer: longAnswer('The checkout service waited on database connections for every request.'), evidence: ['loki:pool-1'] },
    { answer: 'A retry loop in release 5.3 opened a new connection per retry without closing the old one.', evidence: ['git:checkout@5.3'] },
    { answer: longAnswer('The connection pool limit of 20 was reached within four minutes of the deploy, and no alert on pool saturation existed.'), evidence: ['grafana:pool'] },
  ];

  it('analyses 10 kB answers, reports them, and keeps the text and tree readable', () => {
    const result = analyzeWhys({ problem: 'Checkout requests timed out for 31 minutes.', whys });
    expect(whys[0]!.answer.length).toBeGreaterThan(10_000);
    expect(result.findings.filter((f) => f.ruleId === 'W602').map((f) => f.whyId)).toEqual(['w1', 'w3']);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(result.rootCauses[0]?.gapType).toMatch(/capacity|detection/);
    for (const node of result.nodes) expect(node.answer.length).toBeLessThanOrEqual(301);
    const text = renderWhysText(result);
    expect(text).toMatch(/w1: The checkout service waited .*… \(\d{5} characters\)/);
    expect(text.length).toBeLessThan(8_000);
    expect(lintRootCause(result.rootCauseSection!, result.contributingFactors!).filter((d) => ROOT_CAUSE_RULES.includes(d.ruleId))).toEqual([]);
  });

  it('does not mistake long, similar log lines in two answers for a circular chain', () => {
    const result = analyzeWhys({ problem: 'Checkout requests timed out for 31 minutes.', whys });
    expect(result.findings.filter((f) => f.ruleId.startsWith('W20'))).toEqual([]);
  });
});

const ANSWERS = [
  'The pods were OOM-killed after the heap grew past the container limit.',
  'The engineer ran the migration against production.',
  'Søren deployed the change on Friday evening.',
  'There was no alert on disk usage for /var/lib/postgresql.',
  'The runbook did not include the unseal step.',
  'The upstream DNS provider had an outage.',
  'The certificate expired.',
  'Human error.',
  'The on-call engineer was paged at 14:05 and the dashboard showed no replica lag.',
  'The pipeline should have blocked the deploy.',
  'No admission check compared the JVM heap with the memory limit.',
  'Nobody knew the backup job depended on the NFS mount.',
  'The connection pool limit of 20 was reached.',
  'Because.',
  'The change simply skipped the canary stage, obviously.',
  'The config was pushed by @alice without review.',
];

const treeArb = fc
  .array(fc.record({ answer: fc.constantFrom(...ANSWERS), parent: fc.nat(), mode: fc.constantFrom('chain', 'explicit', 'problem'), evidence: fc.boolean() }), { minLength: 1, maxLength: 12 })
  .map((rows) =>
    rows.map((row, i): WhyInput => {
      const base: WhyInput = { answer: row.answer, ...(row.evidence ? { evidence: [`loki:${i}`] } : {}) };
      if (row.mode === 'problem' || i === 0) return row.mode === 'problem' ? { ...base, parent: 'problem' } : base;
      if (row.mode === 'explicit') return { ...base, parent: `w${(row.parent % i) + 1}` };
      return base;
    }),
  );

describe('random trees', () => {
  it('never crash, validate against the output schema and keep verdict, question and sections consistent', () => {
    fc.assert(
      fc.property(treeArb, (whys) => {
        const result = analyzeWhys({ problem: 'The service was unavailable for 30 minutes.', whys });
        fiveWhysTool.outputSchema.parse(result);
        expect(result.branches).toBe(result.nodes.filter((n) => n.leaf).length);
        expect(result.depth).toBe(Math.max(...result.nodes.map((n) => n.depth)));
        expect(result.verdict === 'ready').toBe(result.summary.errors === 0);
        expect(result.nextQuestion === undefined).toBe(result.verdict === 'ready');
        expect(result.rootCauseSection === undefined).toBe(result.verdict === 'needs_work');
        for (const r of result.rootCauses) if (r.personShaped) expect(result.verdict).toBe('needs_work');
        if (result.nextQuestionFor && result.nextQuestionFor !== 'problem') expect(result.nodes.map((n) => n.id)).toContain(result.nextQuestionFor);
        if (result.rootCauseSection) {
          for (const sentence of result.rootCauseSection.split(/(?<=[.!?])\s+/)) expect(blamesSomeone(sentence), sentence).toBe(false);
        }
      }),
      { numRuns: 150, seed: 5 },
    );
  });

  it('reject any forward or unknown parent with a UserInputError, never another error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 12 }), (n, at, target) => {
        const i = at % n;
        const whys: WhyInput[] = Array.from({ length: n }, (_, k) => ({ answer: ANSWERS[k % ANSWERS.length]! }));
        if (target <= i) return; // a valid back reference
        whys[i] = { ...whys[i]!, parent: `w${target + 1}` };
        expect(() => analyzeWhys({ problem: 'p', whys })).toThrow(UserInputError);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe('arbitrary text', () => {
  it('never throws anything but a UserInputError, whatever the answers contain', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.array(fc.string({ unit: 'grapheme', maxLength: 200 }), { minLength: 1, maxLength: 6 }), (problem, answers) => {
        try {
          const result = analyzeWhys({ problem, whys: answers.map((answer) => ({ answer })) });
          fiveWhysTool.outputSchema.parse(result);
          expect(renderWhysText(result)).toContain('five_whys verdict:');
        } catch (error) {
          expect(error).toBeInstanceOf(UserInputError);
        }
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});
