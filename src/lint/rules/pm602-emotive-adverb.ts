import { EMOTIVE_ADVERBS } from '../data/phrases.js';
import { ALL_SECTIONS, findPhrases, insideQuotes, removalEdit, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM602',
  alias: 'emotive-adverb',
  description: 'No emotive adverbs (unfortunately, sadly, luckily, thankfully, obviously, clearly, of course, basically)',
  rationale: 'Emotive words judge instead of inform, and "obviously" tells a reader who did not find it obvious that they should have. The fix removes the word and re-capitalises the sentence.',
  tags: ['tone'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'auto',
  examples: {
    fail: ['## What Went Poorly\n\n- Unfortunately alerting was missing.'],
    pass: ['## What Went Poorly\n\n- We did not have alerting on replica lag.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const sentence of sentencesIn(doc, ALL_SECTIONS)) {
      for (const m of findPhrases(sentence.text, EMOTIVE_ADVERBS.phrases, sentence.start)) {
        if (insideQuotes(sentence, m.start)) continue;
        findings.push({
          message: `Remove the emotive word "${m.text}"; state the fact plainly`,
          span: spanOf(doc, m),
          section: sentence.section,
          actual: m.phrase,
          fix: { description: `Remove "${m.text}"`, edits: [removalEdit(doc.source, m)] },
        });
      }
    }
    return findings;
  },
};

export default rule;
