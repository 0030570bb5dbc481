import { INSENSITIVE_TERMS } from '../data/phrases.js';
import { ALL_SECTIONS, findPhrases, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM609',
  alias: 'insensitive-language',
  description: 'No insensitive or exclusionary terms (master/slave, whitelist, sanity check…); opt-in',
  rationale: 'Neutral terms keep the document usable for every reader. A curated list after retext-equality, with replacements offered as suggestions. Code spans are skipped, so configuration keys quoted as code are not reported.',
  tags: ['tone'],
  defaultSeverity: 'warning',
  recommended: false,
  fixable: 'suggestion',
  examples: {
    fail: ['## Root Cause\n\nThe master/slave replication lagged by 40 seconds.'],
    pass: ['## Root Cause\n\nThe primary/replica replication lagged by 40 seconds.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    const replacements = INSENSITIVE_TERMS.replacements ?? {};
    for (const sentence of sentencesIn(doc, ALL_SECTIONS)) {
      for (const m of findPhrases(sentence.text, INSENSITIVE_TERMS.phrases, sentence.start)) {
        const replacement = replacements[m.phrase];
        const f: Finding = { message: replacement ? `Replace "${m.text}" with "${replacement}"` : `Replace "${m.text}" with a neutral term`, span: spanOf(doc, m), section: sentence.section, actual: m.phrase };
        if (replacement) {
          const cased = /^\p{Lu}/u.test(m.text) ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement;
          f.suggestion = { description: `Use "${replacement}"`, edits: [{ start: m.start, end: m.end, newText: cased }] };
        }
        findings.push(f);
      }
    }
    return findings;
  },
};

export default rule;
