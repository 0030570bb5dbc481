import { COUNTERFACTUAL, IRREGULAR_PARTICIPLES, PERSON_ROLES } from '../data/phrases.js';
import { findPhrases, insideQuotes, knownPeople, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';
import type { SectionKey } from '../../postmortem/template.js';

// The Timeline has its own factual-events rule (PM206); "would have" mostly states what a safeguard did.
const SECTIONS: SectionKey[] = ['summary', 'impact', 'rootCause', 'contributingFactors', 'wentWell', 'wentPoorly', 'actionItems', 'lessons'];
const PHRASES = COUNTERFACTUAL.phrases.filter((p) => p !== 'would have');
/** "failed to" is a fact when a system fails ("the job failed to connect"); blame only with a person subject. */
const NEEDS_PERSON = new Set(['failed to']);
const PERSON_WORDS = new Set(['we', 'i', 'they', 'he', 'she', 'you', 'team', 'nobody', 'someone', 'somebody', 'everyone', 'responder', 'responders', ...PERSON_ROLES.map((r) => r.toLowerCase())]);

const PARTICIPLES = new Set(IRREGULAR_PARTICIPLES);

/** "should have checked" is a counterfactual; "should have a limit" states a requirement. */
function participleAfter(text: string): boolean {
  const next = /^\s+(?:(?:not|already|also|just|at least|simply)\s+)?([\p{L}'’-]+)/u.exec(text)?.[1]?.toLowerCase() ?? '';
  return /\p{L}{2,}ed$/u.test(next) || PARTICIPLES.has(next);
}

function personBefore(text: string, people: readonly string[]): boolean {
  const prev = text.trimEnd().split(/\s+/).slice(-3).map((w) => w.replace(/[^\p{L}@'-]/gu, ''));
  return prev.some((w) => PERSON_WORDS.has(w.toLowerCase()) || PERSON_WORDS.has(w.toLowerCase().replace(/s$/, '')) || w.startsWith('@') || people.includes(w));
}

export const rule: Rule = {
  id: 'PM403',
  alias: 'counterfactual-language',
  description: 'No counterfactuals ("should have", "could have", "failed to", "forgot to"); error in Root Cause',
  rationale:
    'Counterfactuals describe what did not happen, judged with hindsight, and read as blame. Describe what the system showed and allowed at the time instead. "failed to" is only reported with a person as subject, because "the job failed to connect" is a fact.',
  tags: ['root-cause', 'tone'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## What Went Poorly\n\n- The on-call should have checked the dashboard.'],
    pass: ['## What Went Poorly\n\n- The dashboard did not show replica lag, so the lag was not visible during triage.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    const people = knownPeople(doc);
    for (const sentence of sentencesIn(doc, SECTIONS)) {
      for (const m of findPhrases(sentence.text, PHRASES, sentence.start)) {
        if (insideQuotes(sentence, m.start)) continue;
        if (NEEDS_PERSON.has(m.phrase) && !personBefore(sentence.text.slice(0, m.start - sentence.start), people)) continue;
        if (/have$/.test(m.phrase) && !participleAfter(sentence.text.slice(m.end - sentence.start))) continue;
        const inRootCause = sentence.section === 'rootCause';
        findings.push({
          message: `Counterfactual "${m.text}" judges with hindsight; describe what the system showed or allowed at the time`,
          span: spanOf(doc, m),
          section: sentence.section,
          severity: inRootCause ? 'error' : 'warning',
          actual: m.phrase,
        });
      }
    }
    return findings;
  },
};

export default rule;
