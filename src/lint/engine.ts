/**
 * The lint engine: parse once, run every enabled rule over the same ParsedPostmortem, resolve
 * severities, apply inline directives, attach docs URLs and positions centrally, sort, and apply
 * safe fixes on request. Lint findings are results, never exceptions.
 */
import { createHash } from 'node:crypto';
import { parsePostmortem, type SourceMap } from '../postmortem/parse.js';
import type { ParsedPostmortem } from '../postmortem/parsed.js';
import { deriveChecklist } from './checklist.js';
import { readDirectives, suppressing, type Directive } from './directives.js';
import { resolveRules, type ResolvedRule } from './presets.js';
import { RULES } from './registry.js';
import { sourceMap } from './text.js';
import type { Diagnostic, Finding, LintOptions, LintResult, Rule, Severity, TextEdit } from './types.js';

/** Inputs above this size are refused by the tool and the CLI (bad input, not a lint finding). */
export const MAX_MARKDOWN_BYTES = 5 * 1024 * 1024;

export const DOCS_BASE = 'https://github.com/postmortem-mcp/postmortem-mcp/blob/main/docs/rules/';

export function ruleDocName(rule: Pick<Rule, 'id' | 'alias'>): string {
  return `${rule.id.toLowerCase()}-${rule.alias}`;
}

export function ruleUrl(rule: Pick<Rule, 'id' | 'alias'>): string {
  return `${DOCS_BASE}${ruleDocName(rule)}.md`;
}

const DIRECTIVE_RULE = 'PM705';
const MAX_FIX_PASSES = 5;

/**
 * Applies edits in reverse offset order; an edit overlapping one already applied is skipped
 * (two insertions at the same offset count as overlapping, so neither duplicates the other).
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let floor = Number.POSITIVE_INFINITY;
  let lastStart = Number.NaN;
  for (const e of sorted) {
    if (e.start < 0 || e.end < e.start || e.end > text.length) continue;
    if (e.end > floor || (e.end === floor && e.start === e.end && e.start === lastStart)) continue;
    out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    floor = e.start;
    lastStart = e.start;
  }
  return out;
}

/** Picks non-overlapping fixes (each all-or-nothing) and returns their edits. */
function nonOverlappingEdits(diagnostics: readonly Diagnostic[]): TextEdit[] {
  const taken: Array<[number, number]> = [];
  const edits: TextEdit[] = [];
  const overlaps = (s: number, e: number): boolean =>
    taken.some(([ts, te]) => (s < te && ts < e) || (s === e && ts === te && s === ts) || (s === e && ts < s && s < te) || (ts === te && s < ts && ts < e));
  for (const d of diagnostics) {
    if (!d.fix || d.suppressed) continue;
    const ok = d.fix.edits.every((e) => !overlaps(e.start, e.end));
    if (!ok) continue;
    for (const e of d.fix.edits) {
      taken.push([e.start, e.end]);
      edits.push(e);
    }
  }
  return edits;
}

function fingerprint(ruleId: string, section: string, actual: string, index: number): string {
  const norm = actual.toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(`${ruleId}\u0000${section}\u0000${norm}\u0000${index}`).digest('hex').slice(0, 16);
}

function sectionAt(doc: ParsedPostmortem, offset: number): Diagnostic['section'] {
  for (const s of doc.sections) if (offset >= s.span.start.offset && offset < s.span.end.offset) return s.key;
  return null;
}

interface RunState {
  doc: ParsedPostmortem;
  map: SourceMap;
  resolved: ResolvedRule[];
  directives: Directive[];
  options: LintOptions;
}

function toDiagnostic(state: RunState, rule: Rule, finding: Finding, severity: Severity): Diagnostic {
  const start = Math.max(0, Math.min(finding.span.start.offset, state.doc.source.length));
  const end = Math.max(start, Math.min(finding.span.end.offset, state.doc.source.length));
  const s = state.map.point(start);
  const e = state.map.point(end);
  const d: Diagnostic = {
    ruleId: rule.id,
    alias: rule.alias,
    severity,
    message: finding.message,
    line: s.line,
    column: s.column,
    endLine: e.line,
    endColumn: e.column,
    url: ruleUrl(rule),
    category: rule.tags[0],
    section: finding.section !== undefined ? finding.section : sectionAt(state.doc, start),
    offset: start,
    endOffset: end,
  };
  if (finding.fix) d.fix = finding.fix;
  if (finding.suggestion) d.suggestion = finding.suggestion;
  if (finding.actual !== undefined) (d as Diagnostic & { actual?: string }).actual = finding.actual;
  return d;
}

function runRule(rule: Rule, doc: ParsedPostmortem, options: LintOptions, extra: Record<string, unknown> = {}): Finding[] {
  try {
    return rule.check({ doc, options: { ...(options.ruleOptions?.[rule.id] ?? {}), ...extra } });
  } catch {
    // A rule bug must not take the whole lint down; the finding says which rule to report.
    return [
      {
        message: `Rule ${rule.id} could not check this document; report it with the document attached.`,
        span: { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
        severity: 'info',
      },
    ];
  }
}

function directiveFindings(state: RunState): Array<{ finding: Finding; severity?: Severity }> {
  const out: Array<{ finding: Finding; severity?: Severity }> = [];
  const requireReason = state.options.ruleOptions?.[DIRECTIVE_RULE]?.requireReason !== false;
  const enabledIds = new Set(state.resolved.filter((r) => r.enabled).map((r) => r.rule.id));
  for (const d of state.directives) {
    const span = d.comment.span;
    if (!d.kind) {
      out.push({ finding: { message: `Unknown directive "${d.rawKind}", expected one of disable, enable, disable-next-line, disable-line, ignore, disable-file.`, span, actual: d.rawKind } });
      continue;
    }
    for (const name of d.unknown) {
      out.push({ finding: { message: `Directive names unknown rule "${name}"; use a rule id (PM401) or alias (root-cause-human-error).`, span, actual: name } });
    }
    if (d.kind === 'enable') continue;
    if (requireReason && !d.reason) {
      out.push({ finding: { message: `Directive "${d.kind}" has no reason; add "-- why this is acceptable" so reviewers can judge it.`, span, actual: `no-reason:${d.kind}` } });
    }
    const relevant = d.rules.length === 0 ? d.unknown.length === 0 : d.rules.every((id) => enabledIds.has(id));
    if (!d.used && relevant) {
      out.push({ finding: { message: `Directive "${d.kind}${d.rules.length ? ` ${d.rules.join(' ')}` : ''}" suppresses nothing; remove it.`, span, actual: `unused:${d.kind}:${d.rules.join(',')}` } });
    }
  }
  return out;
}

function lintOnce(markdown: string, options: LintOptions): { result: LintResult; diagnostics: Diagnostic[] } {
  const doc = parsePostmortem(markdown);
  const map = sourceMap(doc);
  const resolved = resolveRules(RULES, options);
  const directives = options.noInlineConfig ? [] : readDirectives(doc, RULES);
  const state: RunState = { doc, map, resolved, directives, options };

  const all: Diagnostic[] = [];
  const findingsByRule = new Map<string, Diagnostic[]>();
  for (const r of resolved) {
    if (!r.enabled || r.rule.id === DIRECTIVE_RULE) continue;
    const list: Diagnostic[] = [];
    for (const f of runRule(r.rule, doc, options)) {
      const severity = r.override ?? f.severity ?? r.rule.defaultSeverity;
      const d = toDiagnostic(state, r.rule, f, severity);
      const by = suppressing(directives, r.rule.id, d.offset ?? 0, d.line);
      if (by) d.suppressed = by.reason ? { kind: 'inSource', justification: by.reason } : { kind: 'inSource' };
      list.push(d);
    }
    findingsByRule.set(r.rule.id, list);
    all.push(...list);
  }

  const directiveRule = resolved.find((r) => r.rule.id === DIRECTIVE_RULE);
  if (directiveRule?.enabled && !options.noInlineConfig) {
    for (const { finding } of directiveFindings(state)) {
      all.push(toDiagnostic(state, directiveRule.rule, finding, directiveRule.override ?? finding.severity ?? directiveRule.rule.defaultSeverity));
    }
  }

  // Checklist rules run even when disabled, so the review checklist does not depend on configuration.
  const checklistFindings = (id: string, filter?: (d: Diagnostic) => boolean): Diagnostic[] => {
    let list = findingsByRule.get(id);
    if (!list) {
      const rule = RULES.find((r) => r.id === id);
      if (!rule) return [];
      list = runRule(rule, doc, options).map((f) => toDiagnostic(state, rule, f, f.severity ?? rule.defaultSeverity));
      list = list.filter((d) => !suppressing(directives, id, d.offset ?? 0, d.line));
      findingsByRule.set(id, list);
    }
    return list.filter((d) => !d.suppressed && (!filter || filter(d)));
  };

  all.sort((a, b) => (a.offset ?? 0) - (b.offset ?? 0) || (a.endOffset ?? 0) - (b.endOffset ?? 0) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));

  const counts = new Map<string, number>();
  for (const d of all) {
    const actual = (d as Diagnostic & { actual?: string }).actual ?? d.message;
    const key = `${d.ruleId}\u0000${d.section ?? ''}\u0000${actual.toLowerCase()}`;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    d.fingerprint = fingerprint(d.ruleId, d.section ?? '', actual, n);
    delete (d as Diagnostic & { actual?: string }).actual;
  }

  const visible = all.filter((d) => !d.suppressed);
  const summary = {
    errors: visible.filter((d) => d.severity === 'error').length,
    warnings: visible.filter((d) => d.severity === 'warning').length,
    infos: visible.filter((d) => d.severity === 'info').length,
    fixable: visible.filter((d) => d.fix).length,
  };
  const result: LintResult = {
    ready: summary.errors === 0,
    summary,
    diagnostics: options.reportSuppressed ? all : visible,
    checklist: deriveChecklist(doc, checklistFindings),
  };
  return { result, diagnostics: visible };
}

const MAX_CONTAINER_MARKERS = 100;
const MAX_BRACKETS_PER_BLOCK = 2000;
const MAX_LIST_INDENT = 200;

/**
 * Inputs on which the Markdown parser (micromark) is super-linear: hundreds of nested block quotes or
 * lists on one line, or thousands of `[` in one block. No postmortem looks like this, so such a
 * document is reported as unreadable instead of being parsed. One linear pass.
 */
export function pathologicalReason(markdown: string): string | null {
  let brackets = 0;
  let lineStart = 0;
  const n = markdown.length;
  while (lineStart <= n) {
    let end = markdown.indexOf('\n', lineStart);
    if (end < 0) end = n;
    let i = lineStart;
    let markers = 0;
    let indent = 0;
    let blank = true;
    // leading container prefix: quotes, list markers and the spaces between them
    for (; i < end; i++) {
      const c = markdown.charCodeAt(i);
      if (c === 32 || c === 9) indent++;
      else if (c === 62 || ((c === 45 || c === 42 || c === 43) && (markdown.charCodeAt(i + 1) === 32 || markdown.charCodeAt(i + 1) === 9))) {
        markers++;
        if (indent > MAX_LIST_INDENT) return 'nesting too deep';
      } else break;
    }
    if (markers > MAX_CONTAINER_MARKERS) return 'nesting too deep';
    if (indent > MAX_LIST_INDENT && i < end && /[-*+]|\d/.test(markdown[i] ?? '')) return 'nesting too deep';
    for (let k = i; k < end; k++) {
      const c = markdown.charCodeAt(k);
      if (c !== 32 && c !== 9 && c !== 13) blank = false;
      if (c === 91) brackets++;
    }
    if (i < end) blank = false;
    if (blank) brackets = 0;
    if (brackets > MAX_BRACKETS_PER_BLOCK) return 'too many [ brackets in one block';
    lineStart = end + 1;
  }
  return null;
}

/** What lint returns when the document cannot be parsed (hostile nesting, or the parser gave up). */
function unreadable(markdown: string, options: LintOptions, reason = 'nesting too deep'): LintResult {
  const diagnostic: Diagnostic = {
    ruleId: 'PM000',
    alias: 'unreadable-document',
    severity: 'error',
    message: `The document could not be read as Markdown (${reason}); flatten deeply nested quotes and lists and remove stray brackets.`,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    section: null,
    offset: 0,
    endOffset: 0,
  };
  const checklist = { timelineEvidence: false, impactQuantified: false, rootCauseSystemic: false, actionItemsActionable: false, reviewersListed: false };
  return {
    ready: false,
    summary: { errors: 1, warnings: 0, infos: 0, fixable: 0 },
    diagnostics: [diagnostic],
    checklist,
    ...(options.fix ? { fixed: markdown } : {}),
  };
}

export function lintMarkdown(markdown: string, options: LintOptions = {}): LintResult {
  // configuration errors are the caller's to fix: resolve before anything can be blamed on the input
  resolveRules(RULES, options);
  const reason = pathologicalReason(markdown);
  if (reason) return unreadable(markdown, options, reason);
  let first: ReturnType<typeof lintOnce>;
  try {
    first = lintOnce(markdown, options);
  } catch (error) {
    if (error instanceof RangeError) return unreadable(markdown, options);
    throw error;
  }
  if (!options.fix) return first.result;
  let text = markdown;
  let diagnostics = first.diagnostics;
  // Fixes that overlapped in one pass get their turn in the next, as ESLint does.
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const edits = nonOverlappingEdits(diagnostics);
    if (edits.length === 0) break;
    const next = applyEdits(text, edits);
    if (next === text) break;
    text = next;
    try {
      diagnostics = lintOnce(text, { ...options, fix: false }).diagnostics;
    } catch {
      break;
    }
  }
  return { ...first.result, fixed: text };
}
