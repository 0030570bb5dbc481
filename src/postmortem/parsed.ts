/**
 * The parsed form of a postmortem: every part with its source position, so the linter can point at
 * it and fix it. Produced by parse() in src/postmortem/parse.ts; tolerant of hand-edited documents
 * (extra, missing, reordered or renamed sections), so most fields are optional or lists.
 */
import type { Root, RootContent } from 'mdast';
import type { Postmortem } from './schema.js';
import type { HeaderKey, ImpactKey, SectionKey } from './template.js';

/** 1-based line and column, 0-based UTF-16 offset (as mdast). */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

/** End is exclusive. */
export interface Span {
  start: Point;
  end: Point;
}

export interface ParsedText {
  /** Unescaped text (what the model holds). */
  text: string;
  /** Exact source slice. */
  raw: string;
  span: Span;
}

export interface ParsedHeaderField {
  /** Canonical key when the label is one of the template's fields (case-insensitive), else null. */
  key: HeaderKey | null;
  /** The label as written, e.g. "Author(s)". */
  label: string;
  value: ParsedText;
  /** The whole `**Label:** value` line. */
  span: Span;
}

export interface ParsedSection {
  /** Canonical key when the heading is one of the template's sections (exact, case-insensitive), else null. */
  key: SectionKey | null;
  heading: ParsedText;
  depth: number;
  /** From the heading line to just before the next heading of the same or higher level (or EOF). */
  span: Span;
  /** The body after the heading line. `text` is the raw body trimmed. */
  body: ParsedText;
  /** The mdast nodes of the body, for rules that need structure (lists, tables, code). */
  nodes: RootContent[];
}

export interface ParsedTable {
  header: ParsedText[];
  rows: ParsedText[][];
  span: Span;
  /** Span of the header row only. */
  headerSpan: Span;
}

export interface ParsedTimelineRow {
  time: ParsedText;
  /** The Event cell with a trailing ` (source: …)` removed. */
  event: ParsedText;
  source?: string;
  /** Every cell as written (a row may have more or fewer than two). */
  cells: ParsedText[];
  span: Span;
}

export interface ParsedImpactItem {
  /** Canonical key when the bold label is a template label (case-insensitive). */
  key: ImpactKey | null;
  label: string;
  value: ParsedText;
  span: Span;
}

export interface ParsedActionRow {
  action?: ParsedText;
  owner?: ParsedText;
  due?: ParsedText;
  priority?: ParsedText;
  type?: ParsedText;
  cells: ParsedText[];
  span: Span;
}

export interface ParsedListItem extends ParsedText {}

export interface ParsedPostmortem {
  source: string;
  mdast: Root;
  /** Every H1; a well-formed document has exactly one. */
  titles: ParsedText[];
  fields: ParsedHeaderField[];
  /** Every H2 section, in document order (duplicates included). */
  sections: ParsedSection[];
  timelineTable?: ParsedTable;
  timeline: ParsedTimelineRow[];
  impact: ParsedImpactItem[];
  actionTable?: ParsedTable;
  actionItems: ParsedActionRow[];
  /** Bullets of Contributing Factors, What Went Well, What Went Poorly. */
  lists: Partial<Record<'contributingFactors' | 'wentWell' | 'wentPoorly', ParsedListItem[]>>;
  /** HTML comments anywhere in the document (lint directives live there). */
  comments: ParsedText[];
  /** Best-effort document model; placeholders read as absent. */
  model: Postmortem;
}
