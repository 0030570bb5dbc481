/**
 * five_whys scaling: the time to check the largest analysis the tool accepts (100 whys in a tree of
 * chains) against a linear floor measured in the same run: 10 times a 10-why analysis built from the
 * same generator. A ratio near 1 means the per-why checks stay linear (circular-answer and
 * repetition checks compare answers with each other, the part that could grow quadratically).
 * Also prints the absolute time per analysis: five_whys is called interactively, so it must not add
 * noticeable latency to an agent's turn. Goal: ratio <= 2, and under 50 ms for 100 whys.
 *   npx tsx bench/whys.ts [--rounds 7]
 */
import { mulberry32 } from '../test/support/random.js';
import { analyzeWhys, renderWhysText, type WhyInput, type WhysInput } from '../src/whys/index.js';

const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg >= 0 ? Math.max(1, Number(process.argv[roundsArg + 1]) || 7) : 7;

const SUBJECTS = ['The checkout service', 'The connection pool', 'The deploy pipeline', 'The config template', 'The alert rule', 'The runbook', 'The load balancer', 'The retry policy', 'The schema validator', 'The canary stage'];
const VERBS = ['did not limit', 'allowed', 'had no check for', 'retried without backoff on', 'dropped', 'did not alert on', 'defaulted to unlimited for', 'skipped', 'cached', 'timed out on'];
const OBJECTS = ['database connections', 'the max_connections key', 'rendered config diffs', 'replica lag above 30 seconds', 'requests during a rollout', 'pool saturation', 'HTTP 502 responses', 'the staging load profile', 'expired certificates', 'the fallback region'];

/** Distinct, system-subject answers, a few chains deep, branching like a real contributing-cause tree. */
function analysis(whyCount: number, seed: number): WhysInput {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const whys: WhyInput[] = [];
  for (let i = 0; i < whyCount; i++) {
    const id = `w${i + 1}`;
    // every fifth why starts a new branch under an earlier one; the rest continue the chain
    const parent = i === 0 ? 'problem' : i % 5 === 0 ? `w${1 + Math.floor(random() * i)}` : `w${i}`;
    const answer = `${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} in release 5.${i}, so ${pick(OBJECTS)} reached ${10 + i} percent within ${2 + (i % 9)} minutes.`;
    whys.push({ id, answer, parent, evidence: [`loki:${(seed * 131 + i).toString(16)}`] });
  }
  return { problem: 'Checkout returned HTTP 502 for 47 minutes after the 14:00 deploy.', whys };
}

function timeOnce(inputs: readonly WhysInput[]): number {
  const t0 = process.hrtime.bigint();
  for (const input of inputs) renderWhysText(analyzeWhys(input));
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const large = Array.from({ length: 20 }, (_, k) => analysis(100, 1000 + k));
const small = Array.from({ length: 200 }, (_, k) => analysis(10, 2000 + k));

for (let w = 0; w < 2; w++) {
  timeOnce(large);
  timeOnce(small);
}

let bestLarge = Number.POSITIVE_INFINITY;
let bestSmall = Number.POSITIVE_INFINITY;
for (let r = 0; r < ROUNDS; r++) {
  // same number of whys on both sides: 20 x 100 against 200 x 10
  bestLarge = Math.min(bestLarge, timeOnce(large));
  bestSmall = Math.min(bestSmall, timeOnce(small));
}

const perLarge = bestLarge / large.length;
const perSmall = bestSmall / small.length;
const ratio = bestLarge / bestSmall;
process.stdout.write(`100 whys: ${perLarge.toFixed(2)} ms per analysis; 10 whys: ${perSmall.toFixed(3)} ms per analysis (best of ${ROUNDS})\n`);
process.stdout.write(`ratio 100-why analysis / 10 x 10-why analyses: ${ratio.toFixed(2)} (goal <= 2) ${ratio <= 2 && perLarge < 50 ? 'OK' : 'ABOVE GOAL'}\n`);
process.stdout.write(
  `${JSON.stringify({ bench: 'whys', rounds: ROUNDS, msPer100Whys: Number(perLarge.toFixed(3)), msPer10Whys: Number(perSmall.toFixed(4)), ratio: Number(ratio.toFixed(3)), goal: 2 })}\n`,
);
