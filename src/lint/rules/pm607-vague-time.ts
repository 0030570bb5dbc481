import { VAGUE_TIMES } from '../data/phrases.js';
import { findPhrases, hasClockTime, insideQuotes, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM607',
  alias: 'vague-time',
  description: 'No vague times (in the afternoon, shortly after, at some point) in Summary, Timeline and Root Cause (heuristic)',
  rationale: 'A timeline can only be checked against evidence when it has timestamps. Use HH:MM UTC. Sentences that also give a clock time are not reported. Heuristic: info by default.',
  tags: ['tone', 'timeline'],
  defaultSeverity: 'info',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Root Cause\n\nShortly after, the team noticed errors.'],
    pass: ['## Root Cause\n\nAt 14:05 UTC the 5xx alert fired.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const sentence of sentencesIn(doc, VAGUE_TIMES.scope)) {
      if (hasClockTime(sentence.text)) continue;
      for (const m of findPhrases(sentence.text, VAGUE_TIMES.phrases, sentence.start)) {
        if (insideQuotes(sentence, m.start)) continue;
        findings.push({ message: `"${m.text}" is a vague time; give the time as HH:MM UTC`, span: spanOf(doc, m), section: sentence.section, actual: m.phrase });
      }
    }
    return findings;
  },
};

export default rule;
