import { findPeople, insideQuotes, knownPeople, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM405',
  alias: 'named-individual',
  description: "No person's name or @handle in the Summary, Root Cause, Contributing Factors, What Went Poorly or Lessons Learned",
  rationale:
    'Names in the summary and the analysis sections turn a system review into a review of a person, and people stop reporting honestly. The timeline may say who did what; the header and action owners name people by design. Use a role ("a responder", "the deployer") or the change id. Names are taken from Author(s), Reviewers and action Owners, @handles, and a list of common first names.',
  tags: ['root-cause', 'tone'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'suggestion',
  examples: {
    fail: ['## Root Cause\n\nAlice deployed the bad config.'],
    pass: ['## Root Cause\n\nA config push (change #4812) removed the pool limit.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    const people = knownPeople(doc);
    for (const sentence of sentencesIn(doc, ['summary', 'rootCause', 'contributingFactors', 'wentPoorly', 'lessons'])) {
      for (const p of findPeople(sentence.text, people, sentence.start)) {
        if (insideQuotes(sentence, p.start)) continue;
        const sentenceStart = p.start === sentence.start;
        findings.push({
          message: `"${p.name}" names an individual; use a role such as "a responder" instead`,
          span: spanOf(doc, p),
          section: sentence.section,
          actual: p.name.toLowerCase(),
          suggestion: { description: 'Replace the name with a role', edits: [{ start: p.start, end: p.end, newText: sentenceStart ? 'A responder' : 'a responder' }] },
        });
      }
    }
    return findings;
  },
};

export default rule;
