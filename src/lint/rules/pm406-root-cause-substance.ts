import { sectionSentences, sectionsOf, spanOf, wordCount } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM406',
  alias: 'root-cause-substance',
  description: 'Root Cause has at least one full sentence of 10 or more words',
  rationale:
    '"Bug." or "Config issue." names a category, not a cause. A root cause explains the mechanism: what condition, in which component, produced the failure. Code spans do not count as words.',
  tags: ['root-cause'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Root Cause\n\nConfig issue.'],
    pass: ['## Root Cause\n\nThe connection-pool limit defaulted to unlimited when the key was absent from the config.'],
  },
  check({ doc, options }) {
    const minWords = typeof options.minWords === 'number' ? options.minWords : 10;
    const findings: Finding[] = [];
    for (const section of sectionsOf(doc, ['rootCause'])) {
      const sentences = sectionSentences(doc, section);
      if (sentences.length === 0) continue; // empty: PM005
      if (sentences.some((s) => wordCount(s.text) >= minWords)) continue;
      const first = sentences[0]!;
      const last = sentences[sentences.length - 1]!;
      findings.push({
        message: `Root Cause is too short to explain a mechanism; write at least one sentence of ${minWords} or more words on what condition caused the failure`,
        span: spanOf(doc, { start: first.start, end: last.end }),
        section: 'rootCause',
      });
    }
    return findings;
  },
};

export default rule;
