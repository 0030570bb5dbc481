import { findPassives, insideQuotes, NARRATIVE_SECTIONS, sentencesIn, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM605',
  alias: 'narrative-passive',
  description: 'Passive voice in narrative sections (heuristic, info)',
  rationale: '"The database was restarted" hides who acted and when. Active voice with a role or "we" is clearer: "We restarted the database at 14:05 UTC". Heuristic: a be-verb followed by an -ed word or an irregular participle.',
  tags: ['tone'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'none',
  examples: {
    fail: ['## Root Cause\n\nThe database was restarted.'],
    pass: ['## Root Cause\n\nWe restarted the database at 14:05 UTC.'],
  },
  check({ doc }) {
    const findings: Finding[] = [];
    for (const sentence of sentencesIn(doc, NARRATIVE_SECTIONS.filter((s) => s !== 'impact'))) {
      for (const p of findPassives(sentence.text, sentence.start)) {
        if (insideQuotes(sentence, p.start)) continue;
        findings.push({ message: `Passive voice ("${doc.source.slice(p.start, p.end)}") hides who acted; name the actor ("we", a role or a system) in the active voice`, span: spanOf(doc, p), section: sentence.section });
      }
    }
    return findings;
  },
};

export default rule;
