import { sectionBlocks, sectionSentences, sectionsOf, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

type Bigrams = Map<number, number>;

function bigrams(text: string): { grams: Bigrams; total: number } {
  const s = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const grams: Bigrams = new Map();
  for (let i = 0; i < s.length - 1; i++) {
    const key = s.charCodeAt(i) * 65536 + s.charCodeAt(i + 1);
    grams.set(key, (grams.get(key) ?? 0) + 1);
  }
  return { grams, total: Math.max(0, s.length - 1) };
}

function dice(a: { grams: Bigrams; total: number }, b: { grams: Bigrams; total: number }): number {
  const total = a.total + b.total;
  if (total === 0) return 0;
  let shared = 0;
  for (const [key, n] of a.grams) shared += Math.min(n, b.grams.get(key) ?? 0);
  return (2 * shared) / total;
}

/** Sørensen–Dice coefficient over character bigrams (as string-similarity 4.0.4). */
export function diceSimilarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b));
}

export const rule: Rule = {
  id: 'PM407',
  alias: 'contributing-factors-list',
  description: 'Contributing Factors is a list of at least one bullet, each distinct from the Root Cause',
  rationale:
    'Incidents rarely have one cause. Contributing factors (missing alerting, unclear ownership, a risky default) are where most prevention lives; a bullet that restates the root cause adds nothing. Similarity is the Dice coefficient over character bigrams, reported at 0.8 or more.',
  tags: ['root-cause'],
  defaultSeverity: 'warning',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['## Root Cause\n\nThe pool limit defaulted to unlimited.\n\n## Contributing Factors\n\n- The pool limit defaulted to unlimited.'],
    pass: ['## Root Cause\n\nThe pool limit defaulted to unlimited.\n\n## Contributing Factors\n\n- No alert on connection count.\n- The config schema did not require the key.'],
  },
  check({ doc, options }) {
    const threshold = typeof options.similarity === 'number' ? options.similarity : 0.8;
    const findings: Finding[] = [];
    const section = sectionsOf(doc, ['contributingFactors'])[0];
    if (!section || sectionBlocks(section, doc).length === 0) return findings;
    const all = doc.lists.contributingFactors ?? [];
    const bullets = all.filter((b) => !/^\[.*\]$/.test(b.text.trim()));
    if (all.length > 0 && bullets.length === 0) return findings; // only template placeholders: PM701
    if (bullets.length === 0) {
      findings.push({ message: 'Contributing Factors has no bullets; list each factor as a bullet', span: section.body.span, section: 'contributingFactors' });
      return findings;
    }
    const rootCause = doc.model.rootCause ?? '';
    if (rootCause.length === 0) return findings;
    // A bullet may restate the whole root cause or one of its sentences.
    const targets = [rootCause, ...sectionsOf(doc, ['rootCause']).flatMap((s) => sectionSentences(doc, s).map((x) => x.text))].map(bigrams);
    for (const b of bullets) {
      const grams = bigrams(b.text);
      if (targets.some((t) => dice(grams, t) >= threshold)) {
        findings.push({
          message: 'Contributing factor repeats the Root Cause; name a different condition that made the incident worse or likelier',
          span: spanOf(doc, { start: b.span.start.offset, end: b.span.end.offset }),
          section: 'contributingFactors',
        });
      }
    }
    return findings;
  },
};

export default rule;
