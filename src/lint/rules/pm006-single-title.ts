import { TITLE_PLACEHOLDER, TITLE_PREFIX } from '../../postmortem/template.js';
import { defineRule, span } from '../rule-kit.js';

export default defineRule({
  id: 'PM006',
  alias: 'single-title',
  description: 'Exactly one H1 title, naming the incident',
  rationale: 'The title becomes the page name ("Postmortem YYYY-MM-DD: <title>") and the search result; a document with no title or two titles is published under the wrong name.',
  tags: ['structure'],
  defaultSeverity: 'warning',
  recommended: false,
  fixable: 'none',
  examples: { fail: ['## Executive Summary (no `#` title)', '# Postmortem: Checkout\n\n# Another title'], pass: ['# Postmortem: Checkout API errors'] },
  check({ doc }) {
    const findings = [];
    if (doc.titles.length === 0) {
      findings.push({ message: 'Missing title; start the document with "# Postmortem: <what broke>".', span: span(doc, 0), actual: 'none' });
      return findings;
    }
    doc.titles.slice(1).forEach((t) => {
      findings.push({ message: `Unexpected second title "${t.text}", expected one H1; make it an H2 or remove it.`, span: t.span, actual: t.text });
    });
    const first = doc.titles[0];
    if (first) {
      const name = first.text.startsWith(TITLE_PREFIX) ? first.text.slice(TITLE_PREFIX.length).trim() : first.text.trim();
      if (name === '' || /^postmortem:?$/i.test(name)) {
        findings.push({ message: 'The title does not name the incident; write "# Postmortem: <what broke>".', span: first.span, actual: 'unnamed' });
      } else if (name === TITLE_PLACEHOLDER) {
        // PM701 reports the placeholder
      }
    }
    return findings;
  },
});
