import { ACTION_PLACEHOLDER_ROW, HEADER_FIELDS, IMPACT_FIELDS, SECTIONS, TIMELINE_PLACEHOLDER_ROW, TITLE_PLACEHOLDER } from '../../postmortem/template.js';
import { PLACEHOLDER_HTML_TAGS, PLACEHOLDER_INSTRUCTION } from '../data/placeholders.js';
import { quote } from '../action-quality.js';
import { codeMaskedSource, spanOf, type TextRange } from '../text.js';
import type { Finding, Rule } from '../types.js';

/** Exact placeholder strings of the template (longest first, so `[names — work context]` wins over `[names]`). */
const TEMPLATE_STRINGS = [
  TITLE_PLACEHOLDER,
  ...HEADER_FIELDS.map((f) => f.placeholder),
  ...SECTIONS.map((s) => s.placeholder),
  ...IMPACT_FIELDS.map((f) => f.placeholder),
  TIMELINE_PLACEHOLDER_ROW.event,
  ACTION_PLACEHOLDER_ROW.action,
  ACTION_PLACEHOLDER_ROW.owner,
  ACTION_PLACEHOLDER_ROW.priority,
]
  .filter((s) => s.length > 3)
  .sort((a, b) => b.length - a.length);

const BRACKET = /\[([^[\]\n]{2,200})\](?![(:[])/g;
const ANGLE = /<([a-z][a-z0-9 _/.,'’-]{1,80})>/gi;
const MUSTACHE = /\{\{[^{}\n]{1,80}\}\}/g;
// Upper case only: "the todo list" is prose, "TODO" is a leftover.
const MARKER_UPPER = /(?<![\p{L}\p{N}_-])(?:TODO|TBD|TBA|FIXME|XXX)(?![\p{L}\p{N}_-])/gu;
const MARKER = /\bYYYY-MM-DD\b|(?<![\p{L}\p{N}:])HH:MM(?![\p{L}\p{N}:])|\blorem ipsum\b|\b(?:describe|insert|add|fill in|enter|list) (?:the |your |a |an )?[\p{L} /-]{2,40} here\b/giu;
/** Text every MARKER match contains (same flags, so the same case folding): most documents skip MARKER's costly scan. */
const MARKER_HINT = /yyyy-mm-dd|hh:mm|lorem ipsum| here/iu;
/**
 * Other bracketed text is reported only when it reads like an instruction to the author, so quoted
 * log lines (`[thread-7]`, `[catalog-api]`, `[pid 42]`) and references stay clean: precision first.
 */
const PLACEHOLDER_WORDS = new Set(['name', 'names', 'list', 'number', 'date', 'time', 'link', 'url', 'owner', 'owners', 'team', 'title', 'service', 'services', 'description', 'details', 'summary', 'impact', 'action', 'ticket', 'person', 'people', 'value', 'text', 'reason', 'cause', 'placeholder', 'todo', 'tbd', 'tba', 'fixme', 'here']);
const INSTRUCTION = /^(?:e\.?g\.?|i\.?e\.?)[\s,]|\b(?:describe|insert|fill in|add (?:the|a|an|your)|replace|your|todo|tbd|tba|fixme|placeholder|if applicable)\b/i;

function looksLikePlaceholder(inner: string): boolean {
  const t = inner.trim();
  if (INSTRUCTION.test(t)) return true;
  if (PLACEHOLDER_WORDS.has(t.toLowerCase())) return true;
  if (/^[a-z]+(?: [a-z]+)+$/.test(t)) return true; // "[first symptom]", "[root cause]"
  if (/^[A-Z][a-z]+(?: [A-Z][a-z]+)+$/.test(t)) return true; // "[Service Name]"
  return false;
}

const NOT_PLACEHOLDER_BRACKET = /^(?:REDACTED|redacted|x|X|\s|[\d\s:.,/+-]+|\^.*|!\w+|\.\.\.|…|sic|ERROR|WARN|WARNING|INFO|DEBUG|FATAL|CRITICAL|NOTICE|TRACE|OK|FAIL|PASS|error|warn|info|debug)$/;

export const rule: Rule = {
  id: 'PM701',
  alias: 'template-placeholder',
  description: 'No leftover template text ([Service Name], <describe impact>, {{owner}}, TODO, TBD, FIXME, YYYY-MM-DD, HH:MM, Lorem ipsum, instruction comments)',
  rationale:
    'A placeholder left in a published postmortem tells readers the document was not finished. The template placeholders are recognised exactly; other bracketed text is reported when it reads like an instruction (e.g. "[describe the impact]", "[Service Name]", "[names]"), not when it quotes a log line or a reference. TBD in action owner, due and priority cells and in Impact values is reported by the rule for that field (PM507, PM510, PM513, PM303) instead.',
  tags: ['hygiene'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['**Date:** YYYY-MM-DD', '## Impact\n\n- **Users affected:** [number]'],
    pass: ['**Date:** 2024-03-05', '## Impact\n\n- **Users affected:** ~4,200 (12% of checkout attempts)'],
  },
  check({ doc }) {
    const text = codeMaskedSource(doc);
    const ranges: Array<TextRange & { what: string }> = [];
    const taken = (s: number, e: number) => ranges.some((r) => s < r.end && e > r.start);
    const add = (s: number, e: number, what: string) => {
      if (!taken(s, e)) ranges.push({ start: s, end: e, what });
    };

    // Cells and values whose TBD/TODO words belong to a more specific rule (PM507, PM510, PM513, PM303),
    // unless the cell still holds the template's own placeholder.
    const templateValues = new Set<string>(Object.values(ACTION_PLACEHOLDER_ROW));
    const delegated: TextRange[] = [];
    for (const row of doc.actionItems) {
      for (const c of [row.owner, row.due, row.priority]) if (c && !templateValues.has(c.text.trim())) delegated.push({ start: c.span.start.offset, end: c.span.end.offset });
    }
    for (const item of doc.impact) delegated.push({ start: item.value.span.start.offset, end: item.value.span.end.offset });
    const isDelegated = (s: number, e: number) => delegated.some((d) => s >= d.start && e <= d.end);

    for (const p of TEMPLATE_STRINGS) {
      for (let i = text.indexOf(p); i !== -1; i = text.indexOf(p, i + p.length)) add(i, i + p.length, p);
    }
    for (const m of text.matchAll(BRACKET)) {
      const inner = m[1] ?? '';
      if (NOT_PLACEHOLDER_BRACKET.test(inner) || /^[ xX]$/.test(inner) || !looksLikePlaceholder(inner)) continue;
      const s = m.index ?? 0;
      add(s, s + m[0].length, m[0]);
    }
    for (const m of text.matchAll(ANGLE)) {
      const inner = (m[1] ?? '').toLowerCase();
      const tag = inner.split(/[\s/]/)[0] ?? '';
      if (PLACEHOLDER_HTML_TAGS.has(tag) && !/\s/.test(inner.trim())) continue;
      if (/[=:@]|^\w+\.\w+/.test(inner) || PLACEHOLDER_HTML_TAGS.has(tag)) continue;
      const s = m.index ?? 0;
      add(s, s + m[0].length, m[0]);
    }
    for (const m of text.matchAll(MUSTACHE)) add(m.index ?? 0, (m.index ?? 0) + m[0].length, m[0]);
    for (const m of [...text.matchAll(MARKER_UPPER), ...(MARKER_HINT.test(text) ? text.matchAll(MARKER) : [])]) {
      const s = m.index ?? 0;
      const e = s + m[0].length;
      if (isDelegated(s, e)) continue;
      add(s, e, m[0]);
    }
    for (const c of doc.comments) {
      if (/^(?:postmortem-lint|expect\b|fixture\b|markdownlint|prettier)/i.test(c.text)) continue;
      if (!PLACEHOLDER_INSTRUCTION.test(c.text)) continue;
      add(c.span.start.offset, c.span.end.offset, 'an instruction comment');
    }

    return ranges
      .sort((a, b) => a.start - b.start)
      .map((r): Finding => {
        const what = quote(r.what);
        return {
          message: what === 'an instruction comment' ? 'Template instruction comment left in the document; remove it' : `Leftover template placeholder "${what}"; replace it with the real content`,
          span: spanOf(doc, r),
          actual: what,
        };
      });
  },
};

export default rule;
