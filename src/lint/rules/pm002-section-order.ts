import { SECTIONS } from '../../postmortem/template.js';
import { defineRule, effectiveSections, sectionHeading } from '../rule-kit.js';

export default defineRule({
  id: 'PM002',
  alias: 'section-order',
  description: 'Sections appear in the canonical template order',
  rationale: 'The template order follows the story of the incident (what happened, why, what we do next); readers skim by position, and the order keeps documents comparable.',
  tags: ['structure'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['## Action Items\n\n…\n\n## Root Cause\n\n…'],
    pass: ['## Root Cause\n\n…\n\n## Contributing Factors\n\n…\n\n## Action Items\n\n…\n\n## Lessons Learned\n\n…'],
  },
  check({ doc }) {
    const firsts: Array<{ section: (typeof doc.sections)[number]; key: string; index: number }> = [];
    const seen = new Set<string>();
    for (const { section, key } of effectiveSections(doc)) {
      if (!key || seen.has(key)) continue;
      seen.add(key);
      firsts.push({ section, key, index: SECTIONS.findIndex((s) => s.key === key) });
    }
    // Keep the longest run already in template order; every other section is the one out of place.
    const n = firsts.length;
    const len = new Array<number>(n).fill(1);
    const prev = new Array<number>(n).fill(-1);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        if ((firsts[j]?.index ?? 0) < (firsts[i]?.index ?? 0) && (len[j] ?? 0) + 1 > (len[i] ?? 0)) {
          len[i] = (len[j] ?? 0) + 1;
          prev[i] = j;
        }
      }
    }
    let best = -1;
    for (let i = 0; i < n; i++) if (best < 0 || (len[i] ?? 0) > (len[best] ?? 0)) best = i;
    const inOrder = new Set<number>();
    for (let i = best; i >= 0; i = prev[i] ?? -1) inOrder.add(i);
    const findings = [];
    for (let i = 0; i < n; i++) {
      if (inOrder.has(i)) continue;
      const f = firsts[i];
      if (!f) continue;
      const after = [...inOrder].filter((k) => k < i).sort((a, b) => b - a)[0];
      const next = [...inOrder].filter((k) => (firsts[k]?.index ?? 0) > f.index).sort((a, b) => a - b)[0];
      const where = next !== undefined ? `before "## ${sectionHeading(firsts[next]?.key as never)}"` : 'at the end';
      findings.push({
        message: `Unexpected "## ${f.section.heading.text}"${after !== undefined ? ` after "## ${sectionHeading(firsts[after]?.key as never)}"` : ''}, expected it ${where}.`,
        span: f.section.heading.span,
        section: f.key as never,
        actual: f.key,
      });
    }
    return findings;
  },
});
