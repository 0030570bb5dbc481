/**
 * Lint throughput: documents per second over a seeded corpus of 1,000 generated postmortems, for
 * lint_postmortem (recommended preset, every semantic check) and markdownlint 0.40.0 with its
 * default rules, on the same corpus in the same run. Prints the ratio (goal >= 1.0) and a JSON line.
 *   npx tsx bench/lint.ts [--docs 1000] [--rounds 3] [--seed 42]
 */
import { lint as markdownlint } from 'markdownlint/sync';
import { lintMarkdown } from '../src/lint/engine.js';
import { generateCorpus } from './lint-corpus.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const DOCS = arg('docs', 1000);
const ROUNDS = arg('rounds', 3);
const SEED = arg('seed', 42);

interface Measured {
  best: number;
  findings: number;
}

function runOnce(docs: readonly string[], run: (md: string) => number): { ms: number; findings: number } {
  let findings = 0;
  const t0 = process.hrtime.bigint();
  for (const md of docs) findings += run(md);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, findings };
}

/** Rounds alternate between the two linters so load changes on a shared machine hit both alike. */
function measureBoth(docs: readonly string[], a: (md: string) => number, b: (md: string) => number): [Measured, Measured] {
  const ra: Measured = { best: Number.POSITIVE_INFINITY, findings: 0 };
  const rb: Measured = { best: Number.POSITIVE_INFINITY, findings: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    for (const [fn, acc] of r % 2 === 0 ? ([[a, ra], [b, rb]] as const) : ([[b, rb], [a, ra]] as const)) {
      const { ms, findings } = runOnce(docs, fn);
      acc.best = Math.min(acc.best, ms);
      acc.findings = findings;
    }
  }
  return [ra, rb];
}

function report(label: string, m: Measured, count: number): number {
  const docsPerSecond = (count / m.best) * 1000;
  process.stdout.write(`${label.padEnd(30)} ${docsPerSecond.toFixed(0).padStart(7)} docs/s  (best of ${ROUNDS}: ${m.best.toFixed(0)} ms, ${m.findings} findings)\n`);
  return docsPerSecond;
}

const corpus = generateCorpus(DOCS, SEED);
const bytes = corpus.reduce((n, d) => n + d.length, 0);
process.stdout.write(`corpus: ${corpus.length} postmortems, ${(bytes / 1024).toFixed(0)} KiB, seed ${SEED}\n`);

// warm up both (JIT, lazy module state) on a slice outside the measurement
for (const md of corpus.slice(0, 50)) {
  lintMarkdown(md);
  markdownlint({ strings: { doc: md } });
}

const [oursRun, peerRun] = measureBoth(
  corpus,
  (md) => lintMarkdown(md).diagnostics.length,
  (md) => markdownlint({ strings: { doc: md } }).doc?.length ?? 0,
);
const ours = { docsPerSecond: report('lint_postmortem (recommended)', oursRun, corpus.length), findings: oursRun.findings };
const peer = { docsPerSecond: report('markdownlint 0.40.0 (default)', peerRun, corpus.length), findings: peerRun.findings };
const ratio = ours.docsPerSecond / peer.docsPerSecond;
process.stdout.write(`ratio lint_postmortem / markdownlint: ${ratio.toFixed(2)} (goal >= 1.0) ${ratio >= 1 ? 'OK' : 'BELOW GOAL'}\n`);
process.stdout.write(
  `${JSON.stringify({
    bench: 'lint',
    docs: corpus.length,
    seed: SEED,
    rounds: ROUNDS,
    oursDocsPerSecond: Math.round(ours.docsPerSecond),
    markdownlintDocsPerSecond: Math.round(peer.docsPerSecond),
    ratio: Number(ratio.toFixed(3)),
    goal: 1,
    oursFindings: ours.findings,
    markdownlintFindings: peer.findings,
  })}\n`,
);
