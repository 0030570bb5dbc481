import { PRESENT_NARRATIVE_VERBS } from '../data/phrases.js';
import { findPhrases, insideQuotes, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

const FUTURE = /(?<![\p{L}])(?:will(?:\s+not)?|won['’]t|is going to|are going to)\s+\p{L}+/giu;
const PAST = /\b\p{L}{2,}ed\b|\b(?:was|were|had|did|went|began|rose|fell|ran|took|saw|found|came|broke|got|made|sent|led|left|hit|set|put|cut|shut|spun|brought|caught|kept|lost|paid|read|said|told|wrote|drove|threw|grew|knew|gave|chose|froze|woke)\b/iu;

export const rule: Rule = {
  id: 'PM603',
  alias: 'narrative-tense',
  description: 'Summary, Timeline and Root Cause narrate in the past tense (heuristic)',
  rationale:
    'A postmortem records what happened. Future forms ("will", "is going to") in the narrative usually mean an action item slipped into the story; present-tense narration ("the API goes down") blurs what happened with how the system behaves. Heuristic: info by default. In Root Cause only future forms are reported, since standing behaviour is often described in the present.',
  tags: ['tone'],
  defaultSeverity: 'info',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Executive Summary\n\nThe cache starts evicting keys and the API goes down.'],
    pass: ['## Executive Summary\n\nThe cache started evicting keys at 14:02 UTC.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const sentence of sentencesIn(doc, ['summary', 'timeline', 'rootCause'])) {
      FUTURE.lastIndex = 0;
      const future = [...sentence.text.matchAll(FUTURE)][0];
      if (future && !insideQuotes(sentence, sentence.start + (future.index ?? 0))) {
        const start = sentence.start + (future.index ?? 0);
        findings.push({ message: `"${future[0]}" is future tense; narrate what happened in the past tense and move plans to Action Items`, span: spanOf(doc, { start, end: start + future[0].length }), section: sentence.section });
        continue;
      }
      if (sentence.section === 'rootCause' || PAST.test(sentence.text)) continue;
      const present = findPhrases(sentence.text, PRESENT_NARRATIVE_VERBS, sentence.start)[0];
      if (present && !insideQuotes(sentence, present.start)) {
        findings.push({ message: `"${present.text}" narrates in the present tense; say what happened in the past tense`, span: spanOf(doc, present), section: sentence.section });
      }
    }
    return findings;
  },
};

export default rule;
