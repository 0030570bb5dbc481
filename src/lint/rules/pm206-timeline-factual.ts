import { COUNTERFACTUAL } from '../data/phrases.js';
import { defineRule, span } from '../rule-kit.js';
import { findPhrases, maskedSource } from '../text.js';
import type { Finding } from '../types.js';

/** Evaluation words that judge an event instead of recording it. */
const EVALUATIVE = ['mistakenly', 'carelessly', 'wrongly', 'by mistake', 'incorrectly decided', 'foolishly', 'recklessly', 'blindly', 'too late', 'too slowly', 'unfortunately', 'sadly', 'luckily', 'inexplicably'];
const PHRASES = [...COUNTERFACTUAL.phrases, ...EVALUATIVE];

export default defineRule({
  id: 'PM206',
  alias: 'timeline-factual',
  description: 'Timeline events state facts: no counterfactuals or evaluation (`should have`, `failed to`, `mistakenly`)',
  rationale:
    'The timeline records what happened and what was known at the time. Judgement written into it ("should have rolled back") is hindsight; it belongs, reworded as a system gap, in Contributing Factors.',
  tags: ['timeline'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: { fail: ["| 14:20 | Bob should have rolled back but didn't |"], pass: ['| 14:20 | Rollback of release 2024.03.05-2 started |'] },
  check({ doc }) {
    const findings: Finding[] = [];
    const masked = maskedSource(doc);
    for (const row of doc.timeline) {
      const s = row.event.span;
      for (const m of findPhrases(masked.slice(s.start.offset, s.end.offset), PHRASES, s.start.offset)) {
        findings.push({
          message: `Timeline event says "${m.text}"; record what happened and when, and move the judgement to Contributing Factors as a system gap.`,
          span: span(doc, m.start, m.end),
          section: 'timeline',
          actual: m.phrase,
        });
      }
    }
    return findings;
  },
});
