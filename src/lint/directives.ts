/**
 * Inline directives (design/lint-rules.md §6), read from the HTML comments parse() collected:
 *   <!-- postmortem-lint disable PM605 PM606 -- reason -->  … <!-- postmortem-lint enable -->
 *   <!-- postmortem-lint disable-next-line PM605 -- reason -->
 *   <!-- postmortem-lint disable-line PM605 -- reason -->
 *   <!-- postmortem-lint ignore PM405 -- reason -->   (the next block)
 *   <!-- postmortem-lint disable-file PM610 -- reason -->
 * Rules by id or alias; no list means every rule.
 */
import type { ParsedPostmortem, ParsedText } from '../postmortem/parsed.js';
import type { Rule } from './types.js';
import { findRule } from './presets.js';

export const DIRECTIVE_KINDS = ['disable', 'enable', 'disable-next-line', 'disable-line', 'ignore', 'disable-file'] as const;
export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];

export interface Directive {
  kind: DirectiveKind | null;
  /** The kind as written, for messages about an unknown one. */
  rawKind: string;
  /** Canonical rule ids; empty = all rules. */
  rules: string[];
  /** Names that match no rule. */
  unknown: string[];
  reason?: string;
  comment: ParsedText;
  /** Offsets a suppression from this directive covers (end exclusive); a range for disable/ignore. */
  from: number;
  to: number;
  /** For line forms: the 1-based line covered. */
  line?: number;
  used: boolean;
}

const PREFIX = /^postmortem-lint(?:\s+|$)/i;

function parseOne(comment: ParsedText, rules: readonly Rule[]): Directive | null {
  const body = comment.text;
  if (!PREFIX.test(body)) return null;
  const rest = body.replace(PREFIX, '');
  const sep = rest.search(/(?:^|\s)--(?:\s|$)/);
  const head = sep >= 0 ? rest.slice(0, sep) : rest;
  const reason = sep >= 0 ? rest.slice(sep).replace(/^\s*--\s*/, '').trim() : undefined;
  const words = head.split(/[\s,]+/).filter(Boolean);
  const rawKind = (words.shift() ?? '').toLowerCase();
  const kind = (DIRECTIVE_KINDS as readonly string[]).includes(rawKind) ? (rawKind as DirectiveKind) : null;
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const w of words) {
    const rule = findRule(rules, w);
    if (rule) {
      if (!ids.includes(rule.id)) ids.push(rule.id);
    } else unknown.push(w);
  }
  const d: Directive = { kind, rawKind, rules: ids, unknown, comment, from: 0, to: 0, used: false };
  if (reason) d.reason = reason;
  return d;
}

/** Reads every directive and resolves what each one covers. */
export function readDirectives(doc: ParsedPostmortem, rules: readonly Rule[]): Directive[] {
  const out: Directive[] = [];
  for (const comment of doc.comments) {
    const d = parseOne(comment, rules);
    if (d) out.push(d);
  }
  const end = doc.source.length;
  const top = doc.mdast.children;
  for (let i = 0; i < out.length; i++) {
    const d = out[i] as Directive;
    const after = d.comment.span.end.offset;
    switch (d.kind) {
      case 'disable': {
        d.from = after;
        d.to = end;
        // the range ends at the next `enable` that re-enables one of these rules (or all)
        for (let j = i + 1; j < out.length; j++) {
          const e = out[j] as Directive;
          if (e.kind !== 'enable') continue;
          if (e.rules.length === 0 || d.rules.length === 0 || e.rules.some((r) => d.rules.includes(r))) {
            d.to = e.comment.span.start.offset;
            break;
          }
        }
        break;
      }
      case 'disable-file':
        d.from = 0;
        d.to = end;
        break;
      case 'disable-line':
        d.line = d.comment.span.start.line;
        break;
      case 'disable-next-line':
        d.line = d.comment.span.end.line + 1;
        break;
      case 'ignore': {
        const next = top.find((n) => (n.position?.start.offset ?? -1) >= after);
        d.from = next?.position?.start.offset ?? after;
        d.to = next?.position?.end.offset ?? after;
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** The directive that suppresses a finding of `ruleId` at `offset`/`line`, if any (marks it used). */
export function suppressing(directives: readonly Directive[], ruleId: string, offset: number, line: number): Directive | undefined {
  for (const d of directives) {
    if (!d.kind || d.kind === 'enable') continue;
    if (d.rules.length > 0 && !d.rules.includes(ruleId)) continue;
    if (d.rules.length === 0 && d.unknown.length > 0) continue;
    const hit = d.line !== undefined ? d.line === line : offset >= d.from && offset < d.to;
    if (hit) {
      d.used = true;
      return d;
    }
  }
  return undefined;
}
