import { HUMAN_ERROR } from '../data/phrases.js';
import { findPhrases, insidePlaceholder, isQuoted, sectionBlocks, sectionsOf, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

/** "This was not human error" rejects the label; it does not blame. */
const NEGATED = /\b(?:not|never|no|rather than|instead of|than|beyond|isn['’]t|wasn['’]t)\s+(?:(?:a|an|just|simply|merely|only|the|about)\s+)?$/i;

export const rule: Rule = {
  id: 'PM401',
  alias: 'root-cause-human-error',
  description: 'Root Cause does not name "human error" (or operator error, carelessness…) as the cause',
  rationale:
    'Naming human error as the root cause ends the analysis where it should start: the person acted in a system that allowed the action. Describe the missing safeguard, default or signal instead. Quoted mentions of the term ("we do not call this \\"human error\\"") are ignored.',
  tags: ['root-cause'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Root Cause\n\nHuman error during deployment.'],
    pass: ['## Root Cause\n\nThe deploy pipeline had no guard against running destructive migrations on production.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const section of sectionsOf(doc, ['rootCause'])) {
      for (const block of sectionBlocks(section, doc)) {
        for (const m of findPhrases(block.text, HUMAN_ERROR.phrases, block.start)) {
          if (isQuoted(doc.source, m) || insidePlaceholder(block.text, m.start - block.start)) continue;
          if (NEGATED.test(block.text.slice(Math.max(0, m.start - block.start - 30), m.start - block.start))) continue;
          findings.push({
            message: `Root cause blames "${m.text}"; describe the missing safeguard or condition that allowed it instead`,
            span: spanOf(doc, m),
            section: 'rootCause',
            actual: m.phrase,
          });
        }
      }
    }
    return findings;
  },
};

export default rule;
