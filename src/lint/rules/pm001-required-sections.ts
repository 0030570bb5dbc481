import type { ParsedPostmortem } from '../../postmortem/parsed.js';
import { SECTIONS, type SectionKey } from '../../postmortem/template.js';
import { defineRule, effectiveSections, nearMissKey, span } from '../rule-kit.js';

interface MisleveledHeading {
  start: number;
  end: number;
  line: number;
  written: string;
  depth: number;
}

/** Level-3+ headings that name a template section, as in "## Lessons Learned" > "### What went well". */
function misleveledSections(doc: ParsedPostmortem): Map<SectionKey, MisleveledHeading> {
  const found = new Map<SectionKey, MisleveledHeading>();
  for (const node of doc.mdast.children) {
    if (node.type !== 'heading' || node.depth < 3) continue;
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) continue;
    const written = doc.source.slice(start, end).trim();
    const key = nearMissKey(written.replace(/^#+[ \t]*/, '').replace(/[ \t]+#+$/, ''));
    if (key && !found.has(key)) found.set(key, { start, end, line: node.position?.start.line ?? 1, written, depth: node.depth });
  }
  return found;
}

export default defineRule({
  id: 'PM001',
  alias: 'required-sections',
  description: 'All nine H2 sections of the template are present',
  rationale:
    'Reviewers and tooling rely on the same nine sections in every postmortem; a missing section is usually a missing part of the analysis (often Contributing Factors or Lessons Learned).',
  tags: ['structure'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'suggestion',
  examples: {
    fail: ['## Root Cause\n\nThe pool limit defaulted to unlimited.\n\n## What Went Well\n\n- The alert fired within 2 minutes.'],
    pass: ['## Root Cause\n\nThe pool limit defaulted to unlimited.\n\n## Contributing Factors\n\n- No canary stage for config pushes.'],
  },
  check({ doc }) {
    const present = effectiveSections(doc);
    const keys = new Set(present.map((s) => s.key));
    const findings = [];
    const misleveled = misleveledSections(doc);
    for (let i = 0; i < SECTIONS.length; i++) {
      const want = SECTIONS[i];
      if (!want || keys.has(want.key)) continue;
      const nested = misleveled.get(want.key);
      if (nested) {
        findings.push({
          message: `Missing section "## ${want.heading}": "${nested.written}" (line ${nested.line}) names it as a level-${nested.depth} heading; make it "## ${want.heading}".`,
          span: span(doc, nested.start, nested.end),
          section: null,
          actual: want.heading,
          suggestion: { description: `Make it "## ${want.heading}"`, edits: [{ start: nested.start, end: nested.end, newText: `## ${want.heading}` }] },
        });
        continue;
      }
      // canonical position: before the first present section that comes later in the template
      const laterIndex = present.findIndex((s) => s.key !== null && SECTIONS.findIndex((t) => t.key === s.key) > i);
      const before = laterIndex >= 0 ? present[laterIndex]?.section : undefined;
      const at = before ? before.span.start.offset : doc.source.length;
      const prefix = before || doc.source.endsWith('\n\n') || doc.source === '' ? '' : doc.source.endsWith('\n') ? '\n' : '\n\n';
      const where = before ? before.heading.span : span(doc, doc.source.length);
      findings.push({
        message: `Missing section "## ${want.heading}"; add it${before ? ` before "## ${before.heading.text}"` : ' at the end'} with its content.`,
        span: where,
        section: null,
        actual: want.heading,
        suggestion: { description: `Insert "## ${want.heading}"`, edits: [{ start: at, end: at, newText: `${prefix}## ${want.heading}\n\n` }] },
      });
    }
    return findings;
  },
});
