import { EMOTIVE_ADVERBS, JUDGEMENTAL, MINIMISER_FOLLOWERS } from '../data/phrases.js';
import { findPhrases, insideQuotes, removalEdit, sentencesIn, spanOf, ALL_SECTIONS } from '../text.js';
import type { Finding, Rule } from '../types.js';

// obviously/clearly belong to PM602, which removes them automatically; one finding per word is enough.
const PHRASES = JUDGEMENTAL.phrases.filter((p) => !EMOTIVE_ADVERBS.phrases.includes(p));
const MINIMISERS = new Set(['just', 'simply']);
const FOLLOWER = new RegExp(`^\\s+(?:${MINIMISER_FOLLOWERS.map((f) => f.replace(/[-]/g, '[-\\s]?').replace(/\s+/g, '\\s+')).join('|')})\\b`, 'i');

export const rule: Rule = {
  id: 'PM404',
  alias: 'judgmental-language',
  description: 'No judgemental or minimising words (careless, sloppy, lazy, incompetent, just, simply)',
  rationale:
    'Judgement words assign blame and minimisers ("just restart it") hide the real difficulty; neither adds a fact. "just" and "simply" are only reported before a verb or "a small/simple/quick …", so "just before 14:05" is fine. "obviously" and "clearly" are reported by PM602.',
  tags: ['tone', 'root-cause'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'suggestion',
  examples: {
    fail: ['## Root Cause\n\nA careless engineer skipped the check.'],
    pass: ['## Root Cause\n\nThe runbook did not include the verification step.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const sentence of sentencesIn(doc, ALL_SECTIONS)) {
      for (const m of findPhrases(sentence.text, PHRASES, sentence.start)) {
        if (insideQuotes(sentence, m.start)) continue;
        if (MINIMISERS.has(m.phrase) && !FOLLOWER.test(doc.source.slice(m.end, m.end + 40))) continue;
        if (m.phrase === 'mistakenly' && sentence.section === 'timeline') continue; // PM206's
        findings.push({
          message: `"${m.text}" is judgemental; state the fact without it`,
          span: spanOf(doc, m),
          section: sentence.section,
          actual: m.phrase,
          suggestion: { description: `Remove "${m.text}"`, edits: [removalEdit(doc.source, m)] },
        });
      }
    }
    return findings;
  },
};

export default rule;
