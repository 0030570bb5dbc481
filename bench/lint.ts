/**
 * Lint throughput: documents per second over a seeded corpus of 1,000 generated postmortems, for
 * lint_postmortem (recommended preset, every semantic check) and markdownlint 0.40.0 with its
 * default rules, on the same corpus in the same run. Prints the ratio (goal >= 1.0) and a JSON line.
 *   npx tsx bench/lint.ts [--docs 1000] [--rounds 3] [--seed 42]
 *
 * Each round runs each linter in a fresh child process, alternating which goes first, and the best
 * round counts. One process per linter is how both run in practice; sharing one V8 isolate lets the
 * JIT feedback and heap one linter leaves behind slow the other, by 10-30% here and in an
 * order-dependent way, which made the ratio a measure of the run order more than of the linters.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from './lint-corpus.js';

type Linter = 'ours' | 'markdownlint';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const DOCS = arg('docs', 1000);
const ROUNDS = arg('rounds', 3);
const SEED = arg('seed', 42);

interface Timed {
  ms: number;
  findings: number;
}

/** In the child: warm up outside the measurement (JIT, lazy module state), then the faster of two timed passes. */
async function measureInChild(linter: Linter): Promise<Timed> {
  const corpus = generateCorpus(DOCS, SEED);
  let run: (md: string) => number;
  if (linter === 'ours') {
    const { lintMarkdown } = await import('../src/lint/engine.js');
    run = (md) => lintMarkdown(md).diagnostics.length;
  } else {
    const { lint } = await import('markdownlint/sync');
    run = (md) => lint({ strings: { doc: md } }).doc?.length ?? 0;
  }
  for (const md of corpus.slice(0, 100)) run(md);
  let best: Timed = { ms: Number.POSITIVE_INFINITY, findings: 0 };
  for (let pass = 0; pass < 2; pass++) {
    let findings = 0;
    const t0 = process.hrtime.bigint();
    for (const md of corpus) findings += run(md);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (ms < best.ms) best = { ms, findings };
  }
  return best;
}

function spawnMeasure(linter: Linter): Timed {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, [...process.execArgv, self, '--child', linter, '--docs', String(DOCS), '--seed', String(SEED)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`the ${linter} child exited with ${res.status ?? res.signal}`);
  return JSON.parse(res.stdout.trim().split('\n').at(-1) ?? '') as Timed;
}

function report(label: string, best: Timed, count: number): number {
  const docsPerSecond = (count / best.ms) * 1000;
  process.stdout.write(`${label.padEnd(30)} ${docsPerSecond.toFixed(0).padStart(7)} docs/s  (best of ${ROUNDS}: ${best.ms.toFixed(0)} ms, ${best.findings} findings)\n`);
  return docsPerSecond;
}

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    process.stdout.write(`${JSON.stringify(await measureInChild(process.argv[childAt + 1] as Linter))}\n`);
    return;
  }
  const corpus = generateCorpus(DOCS, SEED);
  const bytes = corpus.reduce((n, d) => n + d.length, 0);
  process.stdout.write(`corpus: ${corpus.length} postmortems, ${(bytes / 1024).toFixed(0)} KiB, seed ${SEED}; one process per linter and round\n`);

  const best: Record<Linter, Timed> = { ours: { ms: Number.POSITIVE_INFINITY, findings: 0 }, markdownlint: { ms: Number.POSITIVE_INFINITY, findings: 0 } };
  for (let r = 0; r < ROUNDS; r++) {
    for (const linter of (r % 2 === 0 ? ['ours', 'markdownlint'] : ['markdownlint', 'ours']) as Linter[]) {
      const t = spawnMeasure(linter);
      if (t.ms < best[linter].ms) best[linter] = t;
    }
  }
  const ours = report('lint_postmortem (recommended)', best.ours, corpus.length);
  const peer = report('markdownlint 0.40.0 (default)', best.markdownlint, corpus.length);
  const ratio = ours / peer;
  process.stdout.write(`ratio lint_postmortem / markdownlint: ${ratio.toFixed(2)} (goal >= 1.0) ${ratio >= 1 ? 'OK' : 'BELOW GOAL'}\n`);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'lint',
      docs: corpus.length,
      seed: SEED,
      rounds: ROUNDS,
      oursDocsPerSecond: Math.round(ours),
      markdownlintDocsPerSecond: Math.round(peer),
      ratio: Number(ratio.toFixed(3)),
      goal: 1,
      oursFindings: best.ours.findings,
      markdownlintFindings: best.markdownlint.findings,
    })}\n`,
  );
}

await main();
