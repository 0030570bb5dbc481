/**
 * The linter's rule model (design/lint-rules.md §1, §3). One rule per file under src/lint/rules/,
 * each exporting a `Rule`; the engine (src/lint/engine.ts) parses once, runs every enabled rule,
 * applies severities and directives, attaches docs URLs centrally and sorts by position.
 */
import type { ParsedPostmortem, Span } from '../postmortem/parsed.js';
import type { SectionKey } from '../postmortem/template.js';

export type Severity = 'error' | 'warning' | 'info';
export type SeveritySetting = Severity | 'off';

export type RuleTag = 'structure' | 'fields' | 'timeline' | 'impact' | 'root-cause' | 'action-items' | 'tone' | 'hygiene';

/** 0-based UTF-16 offsets, end exclusive. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  description: string;
  edits: TextEdit[];
}

export interface Suggestion {
  description: string;
  edits?: TextEdit[];
}

/** What a rule reports; the engine adds ruleId, alias, severity, url and line/column. */
export interface Finding {
  message: string;
  span: Span;
  /** Overrides the rule's default severity for this finding (e.g. PM402: error in Root Cause, warning elsewhere). */
  severity?: Severity;
  section?: SectionKey | null;
  fix?: Fix;
  suggestion?: Suggestion;
  /** Masked or short form of what was found (never a secret), for fingerprints. */
  actual?: string;
}

export interface RuleContext {
  doc: ParsedPostmortem;
  /** Rule options from configuration, if any. */
  options: Record<string, unknown>;
}

export interface Rule {
  id: string; // PM401
  alias: string; // root-cause-human-error
  description: string; // one line, for docs and SARIF shortDescription
  rationale: string; // a paragraph, for docs and SARIF fullDescription
  tags: RuleTag[];
  defaultSeverity: Severity;
  /** In the `recommended` preset (★ in the catalogue); `strict` enables every rule. */
  recommended: boolean;
  /** Off even in `strict`; enabled only by naming it in `rules` (PM517, PM609, PM704). */
  optIn?: boolean;
  fixable: 'auto' | 'suggestion' | 'none';
  /** Failing and passing examples: shown in docs/rules and checked by the rule-docs test. */
  examples: { fail: string[]; pass: string[] };
  check(ctx: RuleContext): Finding[];
}

export interface Diagnostic {
  ruleId: string;
  alias: string;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  url?: string;
  fix?: Fix;
  suggestion?: Suggestion;
  category?: RuleTag;
  section?: SectionKey | null;
  offset?: number;
  endOffset?: number;
  fingerprint?: string;
  suppressed?: { kind: 'inSource'; justification?: string };
}

export interface LintChecklist {
  timelineEvidence: boolean;
  impactQuantified: boolean;
  rootCauseSystemic: boolean;
  actionItemsActionable: boolean;
  reviewersListed: boolean;
}

export interface LintResult {
  ready: boolean;
  summary: { errors: number; warnings: number; infos: number; fixable: number };
  diagnostics: Diagnostic[];
  fixed?: string;
  checklist: LintChecklist;
}

export interface LintOptions {
  preset?: 'recommended' | 'strict';
  /** Keys: rule id, alias, or tag. */
  rules?: Record<string, SeveritySetting>;
  fix?: boolean;
  /** Ignore inline directives (for CI). */
  noInlineConfig?: boolean;
  /** Include suppressed diagnostics (SARIF suppressions). */
  reportSuppressed?: boolean;
  /** Per-rule options keyed by rule id, e.g. `{ PM108: { toleranceMinutes: 10 } }`. */
  ruleOptions?: Record<string, Record<string, unknown>>;
}
