import { findPhrases, maskedSlice, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

const PARTIAL = /\b(?:partial(?:ly)?|degrad\w*|subset|intermittent(?:ly)?|elevated|slow(?:er|ness)?|some requests|of (?:requests|checkouts|users|traffic|calls))\b/i;

function partialImpact(values: string[]): boolean {
  for (const v of values) {
    for (const m of v.matchAll(/(\d+(?:\.\d+)?)\s?%/g)) if (Number(m[1]) < 100) return true;
    if (PARTIAL.test(v)) return true;
  }
  return false;
}

export const rule: Rule = {
  id: 'PM610',
  alias: 'outage-wording',
  description: '"Outage" in the title or summary while Impact shows a partial degradation (heuristic)',
  rationale: 'Calling a 12% error rate an outage overstates the incident and makes real outages harder to tell apart. Say "degradation" with the number. Heuristic: info, off by default.',
  tags: ['tone', 'impact'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['# Postmortem: Checkout outage\n\n## Impact\n\n- **Users affected:** ~4,200 (12% of checkout attempts)'],
    pass: ['# Postmortem: Checkout degradation\n\n## Impact\n\n- **Users affected:** ~4,200 (12% of checkout attempts)'],
  },
  check({ doc }) {
    const values = doc.impact.filter((i) => i.key === 'users' || i.key === 'services' || i.key === 'revenueSla').map((i) => i.value.text);
    if (!partialImpact(values)) return [];
    const findings: Finding[] = [];
    const ranges = [...doc.titles.map((t) => maskedSlice(doc, t.span.start.offset, t.span.end.offset)), ...sentencesIn(doc, ['summary'])];
    for (const r of ranges) {
      for (const m of findPhrases(r.text, ['outage', 'outages', 'total outage', 'complete outage', 'full outage'], r.start)) {
        findings.push({ message: `"${m.text}" overstates a partial degradation shown in Impact; describe it as a degradation with the affected share`, span: spanOf(doc, m) });
      }
    }
    return findings;
  },
};

export default rule;
