import { HEADER_FIELDS } from '../../postmortem/template.js';
import { defineRule, span } from '../rule-kit.js';

export default defineRule({
  id: 'PM101',
  alias: 'field-missing',
  description: 'Header fields Date, Duration, Severity, Status, Author(s) and Reviewers are each present',
  rationale: 'The header is what lists, search and publishing read (the page name uses the Date); a missing field is missing metadata for every later reader.',
  tags: ['fields'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'suggestion',
  examples: {
    fail: ['**Date:** 2024-03-05\n**Duration:** 00:47\n**Severity:** P2\n**Status:** Resolved\n**Author(s):** Sam Lee'],
    pass: ['**Date:** 2024-03-05\n**Duration:** 00:47\n**Severity:** P2\n**Status:** Resolved\n**Author(s):** Sam Lee\n**Reviewers:** Priya N'],
  },
  check({ doc }) {
    const findings = [];
    const present = new Set(doc.fields.map((f) => f.key));
    const firstH2 = doc.sections[0]?.span.start.offset ?? doc.source.length;
    const header = doc.fields.filter((f) => f.span.end.offset <= firstH2);
    const last = header[header.length - 1];
    const title = doc.titles[0];
    for (let i = 0; i < HEADER_FIELDS.length; i++) {
      const field = HEADER_FIELDS[i];
      if (!field || present.has(field.key)) continue;
      // insert after the preceding template field when present, else after the last header line
      const prev = [...header].reverse().find((f) => f.key !== null && HEADER_FIELDS.findIndex((h) => h.key === f.key) < i) ?? last;
      let at: number;
      let text: string;
      if (prev) {
        at = prev.span.end.offset;
        text = `\n**${field.label}:** `;
      } else if (title) {
        at = title.span.end.offset;
        text = `\n\n**${field.label}:** `;
      } else {
        at = 0;
        text = `**${field.label}:** \n\n`;
      }
      findings.push({
        message: `Missing header field "**${field.label}:**"; add it below the title.`,
        span: prev ? prev.span : title ? title.span : span(doc, 0),
        section: null,
        actual: field.key,
        suggestion: { description: `Insert "**${field.label}:** "`, edits: [{ start: at, end: at, newText: text }] },
      });
    }
    return findings;
  },
});
