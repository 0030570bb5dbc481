import { VAGUE_QUANTITIES } from '../data/phrases.js';
import { findPhrases, hasNumber, insideQuotes, NARRATIVE_SECTIONS, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM601',
  alias: 'vague-quantity',
  description: 'No vague amounts (some downtime, a few users, many customers, for a while, briefly, significant) without a number in the sentence',
  rationale: 'Readers size an incident from numbers. "Some users" could be ten or ten thousand; give the count or an estimate. A sentence that also carries a number is not reported.',
  tags: ['tone'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Executive Summary\n\nThere was some downtime.'],
    pass: ['## Executive Summary\n\nThe service was unavailable for 47 minutes.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const sentence of sentencesIn(doc, NARRATIVE_SECTIONS)) {
      if (hasNumber(sentence.text)) continue;
      const m = findPhrases(sentence.text, VAGUE_QUANTITIES.phrases, sentence.start).find((x) => !insideQuotes(sentence, x.start));
      if (!m) continue;
      findings.push({ message: `"${m.text}" is vague; give the number (duration, count or percentage)`, span: spanOf(doc, m), section: sentence.section, actual: m.phrase });
    }
    return findings;
  },
};

export default rule;
