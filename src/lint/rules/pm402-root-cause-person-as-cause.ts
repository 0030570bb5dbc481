import { findPersonSubjects, insideQuotes, knownPeople, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM402',
  alias: 'root-cause-person-as-cause',
  description: 'A person or role is not the acting subject of a cause (error in Root Cause, warning in Contributing Factors)',
  rationale:
    'A sentence such as "Engineer ran the wrong command" makes a person the cause. Rewrite it around the system: what allowed the command, what would have stopped it. Facts about people receiving something ("the on-call engineer was paged at 14:05") are not flagged; only a person or role followed by an action verb is.',
  tags: ['root-cause'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Root Cause\n\nEngineer ran the wrong command.'],
    pass: ['## Root Cause\n\nWe had no guard against destructive commands on production.', '## Root Cause\n\nThe on-call engineer was paged at 14:05 UTC, but the alert linked to a stale runbook.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    const people = knownPeople(doc);
    for (const sentence of sentencesIn(doc, ['rootCause', 'contributingFactors'])) {
      for (const hit of findPersonSubjects(sentence.text, people, sentence.start)) {
        if (insideQuotes(sentence, hit.start)) continue;
        const inRootCause = sentence.section === 'rootCause';
        findings.push({
          message: `"${hit.subject} ${hit.verb}" makes a person the cause; describe the condition in the system that allowed the action`,
          span: spanOf(doc, hit),
          section: sentence.section,
          severity: inRootCause ? 'error' : 'warning',
          actual: `${hit.subject.toLowerCase()} ${hit.verb.toLowerCase()}`,
        });
      }
    }
    return findings;
  },
};

export default rule;
