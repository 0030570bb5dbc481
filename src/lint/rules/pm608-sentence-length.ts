import { NARRATIVE_SECTIONS, sentencesIn, spanOf, wordCount } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM608',
  alias: 'sentence-length',
  description: 'Sentences have at most 35 words (option maxWords)',
  rationale: 'Long sentences hide the causal chain. Split them so each sentence carries one fact.',
  tags: ['tone'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: [
      '## Root Cause\n\nThe connection pool limit, which had been configured years ago by a team that no longer exists and which nobody had reviewed since, defaulted to unlimited when the key was absent, and a config push removed the key, so the database ran out of connections within minutes of the push.',
    ],
    pass: ['## Root Cause\n\nThe connection-pool limit defaulted to unlimited when the key was absent. A config push removed the key. The database ran out of connections within minutes.'],
  },
  check({ doc, options }) {
    const max = typeof options.maxWords === 'number' ? options.maxWords : 35;
    const findings: Finding[] = [];
    for (const sentence of sentencesIn(doc, NARRATIVE_SECTIONS)) {
      const n = wordCount(sentence.text);
      if (n > max) findings.push({ message: `Sentence has ${n} words, more than ${max}; split it`, span: spanOf(doc, sentence), section: sentence.section });
    }
    return findings;
  },
};

export default rule;
