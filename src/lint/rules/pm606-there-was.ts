import { NARRATIVE_SECTIONS, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

const OPENER = /^there\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\b/i;

export const rule: Rule = {
  id: 'PM606',
  alias: 'there-was',
  description: 'Sentences do not open with "There was/were/is/are"',
  rationale: '"There was an increase in errors" delays the subject and usually drops the numbers. Lead with what changed: "The error rate rose from 0.1% to 4% at 14:03 UTC".',
  tags: ['tone'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['## Root Cause\n\nThere was an increase in errors.'],
    pass: ['## Root Cause\n\nThe error rate increased from 0.1% to 4% at 14:03 UTC.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const sentence of sentencesIn(doc, NARRATIVE_SECTIONS)) {
      const m = OPENER.exec(sentence.text);
      if (!m) continue;
      findings.push({ message: `Sentence opens with "${m[0]}"; lead with the subject and what changed`, span: spanOf(doc, { start: sentence.start, end: sentence.start + m[0].length }), section: sentence.section });
    }
    return findings;
  },
};

export default rule;
