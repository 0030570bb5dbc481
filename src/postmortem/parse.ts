/**
 * Markdown -> ParsedPostmortem. The mdast tree decides the block structure (what is a heading, a
 * table, a list), but every value is read from the exact source slice and passed through the
 * unescape functions of escape.ts, so that parse(render(doc)).model equals doc. Tolerant of
 * hand-edited documents: sections may be missing, repeated, reordered or renamed; header fields may
 * be a list or carry hard-break spaces; template placeholders read as absent in `model`.
 */
import type { Heading, List, ListItem, Root, RootContent, Table } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { unescapeBlock, unescapeCell, unescapeInline } from './escape.js';
import type {
  ParsedActionRow,
  ParsedHeaderField,
  ParsedImpactItem,
  ParsedListItem,
  ParsedPostmortem,
  ParsedSection,
  ParsedTable,
  ParsedText,
  ParsedTimelineRow,
  Point,
  Span,
} from './parsed.js';
import { PostmortemSchema, type Postmortem } from './schema.js';
import {
  ACTION_PLACEHOLDER_ROW,
  ACTION_TYPES,
  HEADER_FIELDS,
  IMPACT_FIELDS,
  SECTIONS,
  SOURCE_SUFFIX,
  TIMELINE_PLACEHOLDER_ROW,
  TITLE_PLACEHOLDER,
  TITLE_PREFIX,
  type HeaderKey,
  type ImpactKey,
  type SectionKey,
} from './template.js';

/** Offset <-> line/column over one source text; lines split on \n, \r\n and \r like micromark. */
export class SourceMap {
  readonly lineStarts: number[];

  constructor(readonly source: string) {
    const starts = [0];
    for (let i = 0; i < source.length; i++) {
      const c = source.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (source.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  point(offset: number): Point {
    const o = Math.max(0, Math.min(offset, this.source.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - (this.lineStarts[lo] ?? 0) + 1, offset: o };
  }

  span(start: number, end: number): Span {
    return { start: this.point(start), end: this.point(end) };
  }

  /** Offset just after the last character of the line (before its line ending). */
  lineEnd(line: number): number {
    const next = this.lineStarts[line];
    if (next === undefined) return this.source.length;
    let end = next;
    if (this.source.charCodeAt(end - 1) === 10) end--;
    if (this.source.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineStart(line: number): number {
    return this.lineStarts[line - 1] ?? this.source.length;
  }
}

/**
 * GFM tables, task lists and footnotes, without the inline constructs nothing here reads: emphasis,
 * strong and strikethrough (values come from source slices, not from inline nodes) and autolink
 * literals (prose rules mask bare URLs by pattern; the literal syntax hooks into every word and its
 * tree transform re-scans every text node). Code, HTML, links, images and `<https://…>` autolinks
 * are parsed as GFM parses them, so what the linter masks is unchanged. Parsing is most of a lint.
 */
const PARSE_OPTIONS = {
  extensions: [gfmFootnote(), gfmTable(), gfmTaskListItem(), { disable: { null: ['attention'] } }],
  mdastExtensions: [gfmFootnoteFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown()],
};

function trimRange(source: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(source[s] ?? '')) s++;
  while (e > s && /\s/.test(source[e - 1] ?? '')) e--;
  return [s, e];
}

function textAt(map: SourceMap, start: number, end: number, unescape: (raw: string) => string): ParsedText {
  const [s, e] = trimRange(map.source, start, end);
  const raw = map.source.slice(s, e);
  return { text: unescape(raw), raw, span: map.span(s, e) };
}

function nodeStart(node: { position?: { start: { offset?: number } } }): number {
  return node.position?.start.offset ?? 0;
}

function nodeEnd(node: { position?: { end: { offset?: number } } }): number {
  return node.position?.end.offset ?? 0;
}

/** Normalises a heading for canonical matching: no closing #s, emphasis markers or trailing colon. */
export function normalizeHeading(text: string): string {
  return text
    .replace(/\s+#+\s*$/, '')
    .replace(/[*_`]/g, '')
    .replace(/:\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

const SECTION_BY_HEADING = new Map<string, SectionKey>(SECTIONS.map((s) => [s.heading.toLowerCase(), s.key]));

export function sectionKeyFor(heading: string): SectionKey | null {
  return SECTION_BY_HEADING.get(normalizeHeading(heading)) ?? null;
}

const FIELD_BY_LABEL = new Map<string, HeaderKey>([
  ...HEADER_FIELDS.map((f) => [f.label.toLowerCase(), f.key] as [string, HeaderKey]),
  ['author', 'authors'],
  ['authors', 'authors'],
  ['reviewer', 'reviewers'],
  ['reviewer(s)', 'reviewers'],
]);

export function headerKeyFor(label: string): HeaderKey | null {
  return FIELD_BY_LABEL.get(label.trim().replace(/\s+/g, ' ').toLowerCase()) ?? null;
}

const IMPACT_BY_LABEL = new Map<string, ImpactKey>(IMPACT_FIELDS.map((f) => [f.label.toLowerCase(), f.key]));

export function impactKeyFor(label: string): ImpactKey | null {
  return IMPACT_BY_LABEL.get(label.trim().replace(/\s+/g, ' ').toLowerCase()) ?? null;
}

/** What a hand-written action table may call its columns (header text, bold/code marks ignored). */
const ACTION_COLUMNS: Record<string, ActionColumn> = {
  action: 'action', actions: 'action', 'action item': 'action', 'action items': 'action', task: 'action', tasks: 'action', item: 'action', description: 'action', what: 'action',
  owner: 'owner', owners: 'owner', 'owner(s)': 'owner', assignee: 'owner', assigned: 'owner', 'assigned to': 'owner', who: 'owner', responsible: 'owner',
  'due date': 'due', due: 'due', 'due by': 'due', deadline: 'due', 'target date': 'due', eta: 'due', date: 'due', when: 'due', by: 'due',
  priority: 'priority', prio: 'priority', pri: 'priority', severity: 'priority', urgency: 'priority',
  type: 'type', kind: 'type', category: 'type',
};

export type ActionColumn = 'action' | 'owner' | 'due' | 'priority' | 'type';

function headerName(text: string): string {
  return text.replace(/[*_`]/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function actionColumnFor(header: string): ActionColumn | null {
  return ACTION_COLUMNS[headerName(header)] ?? null;
}

const TIMELINE_COLUMNS: Record<string, TimelineColumn> = {
  'time (utc)': 'time', time: 'time', 'time utc': 'time', 'utc time': 'time', utc: 'time', timestamp: 'time', when: 'time', 'date/time': 'time', datetime: 'time', 'date and time': 'time',
  event: 'event', events: 'event', 'what happened': 'event', description: 'event', details: 'event', what: 'event', action: 'event', update: 'event',
  source: 'source', evidence: 'source', ref: 'source', reference: 'source', link: 'source',
};

export type TimelineColumn = 'time' | 'event' | 'source';

export function timelineColumnFor(header: string): TimelineColumn | null {
  return TIMELINE_COLUMNS[headerName(header)] ?? null;
}

/** Column index per key from a header whose every cell is recognised, else null (read by position). */
function columnsByHeader<K extends string>(header: readonly ParsedText[], columnFor: (text: string) => K | null): Map<K, number> | null {
  const columns = new Map<K, number>();
  for (const [idx, cell] of header.entries()) {
    const key = columnFor(cell.text);
    if (key === null) return null;
    if (!columns.has(key)) columns.set(key, idx);
  }
  return columns;
}

/**
 * Splits a table row's source into cell ranges the way GFM does: an unescaped `|` delimits, a
 * backslash escapes the next character, and the outer pipes are optional.
 */
export function splitRow(source: string, start: number, end: number): Array<[number, number]> {
  const cells: Array<[number, number]> = [];
  let [s, e] = trimRange(source, start, end);
  if (source[s] === '|') s++;
  let cellStart = s;
  let i = s;
  let lastDelimiter = -1;
  while (i < e) {
    const c = source[i];
    if (c === '\\' && i + 1 < e) {
      i += 2;
      continue;
    }
    if (c === '|') {
      cells.push([cellStart, i]);
      lastDelimiter = i;
      cellStart = i + 1;
    }
    i++;
  }
  if (lastDelimiter === e - 1) {
    // trailing pipe closes the last cell
  } else {
    cells.push([cellStart, e]);
  }
  return cells;
}

function readTable(map: SourceMap, table: Table): ParsedTable {
  const rows: ParsedText[][] = [];
  let header: ParsedText[] = [];
  let headerSpan: Span = map.span(nodeStart(table), nodeStart(table));
  table.children.forEach((row, index) => {
    const start = nodeStart(row);
    const line = row.position?.start.line ?? 1;
    const end = Math.max(nodeEnd(row), map.lineEnd(line));
    const cells = splitRow(map.source, start, end).map(([s, e]) => textAt(map, s, e, unescapeCell));
    if (index === 0) {
      header = cells;
      headerSpan = map.span(start, end);
    } else rows.push(cells);
  });
  return { header, rows, span: map.span(nodeStart(table), nodeEnd(table)), headerSpan };
}

function emptyAt(map: SourceMap, offset: number): ParsedText {
  return { text: '', raw: '', span: map.span(offset, offset) };
}

const SOURCE_ESCAPE = /\\([()\\])/g;
const ESCAPED_SUFFIX = / \\\(source: ((?:[^()\\]|\\.)*)\)$/;

/** Splits an Event cell into event text and source, inverting render's timelineCell(). */
function readEventCell(map: SourceMap, cell: ParsedText): { event: ParsedText; source?: string } {
  const raw = cell.raw;
  const match = SOURCE_SUFFIX.exec(raw);
  // render writes a plain space before "(source:"; other whitespace is part of the event text
  if (match && raw[match.index] === ' ') {
    const eventRaw = raw.slice(0, match.index);
    const source = unescapeCell((match[1] ?? '').replace(SOURCE_ESCAPE, '$1'));
    const start = cell.span.start.offset;
    const [s, e] = trimRange(map.source, start, start + eventRaw.length);
    const eRaw = map.source.slice(s, e);
    return {
      event: { text: unescapeCell(eRaw.replace(ESCAPED_SUFFIX, ' (source: $1)')), raw: eRaw, span: map.span(s, e) },
      source,
    };
  }
  return { event: { ...cell, text: unescapeCell(raw.replace(ESCAPED_SUFFIX, ' (source: $1)')) } };
}

const BOLD_LABEL = /^[ \t]*(?:[-*+][ \t]+)?\*\*([^*\r\n]+?)\*\*[ \t]*/;

/** Reads `**Label:** value` (or `**Label**: value`) from one line; null when the line is not a field. */
function readLabelled(
  map: SourceMap,
  lineStart: number,
  lineEnd: number,
): { label: string; valueStart: number; valueEnd: number } | null {
  const line = map.source.slice(lineStart, lineEnd);
  const m = BOLD_LABEL.exec(line);
  if (!m) return null;
  let label = (m[1] ?? '').trim();
  let valueStart = lineStart + m[0].length;
  if (label.endsWith(':')) label = label.slice(0, -1).trim();
  else if (map.source[valueStart] === ':') {
    valueStart++;
  } else return null;
  if (map.source[valueStart] === ' ') valueStart++;
  return { label, valueStart, valueEnd: lineEnd };
}

const COMMENT = /<!--[\s\S]*?-->/g;

function collectComments(map: SourceMap, tree: Root): ParsedText[] {
  type AnyNode = { type: string; children?: AnyNode[]; position?: { start: { offset?: number }; end: { offset?: number } } };
  const out: ParsedText[] = [];
  // iterative on purpose: hostile input nests thousands of levels deep
  const stack: AnyNode[] = [tree as AnyNode];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (node.type === 'html') {
      const start = nodeStart(node);
      const slice = map.source.slice(start, nodeEnd(node));
      COMMENT.lastIndex = 0;
      for (let m = COMMENT.exec(slice); m; m = COMMENT.exec(slice)) {
        const s = start + m.index;
        out.push({ text: m[0].slice(4, -3).trim(), raw: m[0], span: map.span(s, s + m[0].length) });
      }
      continue;
    }
    const kids = node.children;
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as AnyNode);
  }
  return out;
}

/** Text of a list item after its marker, continuation lines folded; raw is the exact slice. */
function readListItem(map: SourceMap, item: ListItem, limit = Number.POSITIVE_INFINITY): ParsedListItem {
  const start = nodeStart(item);
  // micromark can end an item inside the next one (an unclosed fence); the next sibling bounds it
  const end = Math.min(nodeEnd(item), limit);
  const first = map.source.slice(start, end);
  const marker = /^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/.exec(first);
  const contentStart = start + (marker ? marker[0].length : 0);
  const [s, e] = trimRange(map.source, contentStart, end);
  const raw = map.source.slice(s, e);
  const folded = raw.replace(/[ \t]*(?:\r\n?|\n)[ \t]*/g, ' ');
  return { text: unescapeInline(folded), raw, span: map.span(s, e) };
}

function nextStart(items: readonly ListItem[], index: number): number {
  const next = items[index + 1];
  return next ? nodeStart(next) : Number.POSITIVE_INFINITY;
}

function isTimelinePlaceholder(row: ParsedTimelineRow): boolean {
  return row.time.text === TIMELINE_PLACEHOLDER_ROW.time;
}

function isActionPlaceholder(row: ParsedActionRow): boolean {
  return (
    row.action?.text === ACTION_PLACEHOLDER_ROW.action &&
    row.owner?.text === ACTION_PLACEHOLDER_ROW.owner &&
    row.due?.text === ACTION_PLACEHOLDER_ROW.due &&
    row.priority?.text === ACTION_PLACEHOLDER_ROW.priority
  );
}

/** The template's example bullets, e.g. `[e.g., no alerting on X metric]`. */
const EXAMPLE_BULLET = /^\[e\.g\., [^\]]*\]$/;

const FIELD_PLACEHOLDERS = new Map<HeaderKey, string>(HEADER_FIELDS.map((f) => [f.key, f.placeholder]));
const IMPACT_PLACEHOLDERS = new Map<ImpactKey, string>(IMPACT_FIELDS.map((f) => [f.key, f.placeholder]));
const SECTION_PLACEHOLDERS = new Map<SectionKey, string>(SECTIONS.map((s) => [s.key, s.placeholder]));
const DURATION_SUFFIX = ' (detection to resolution)';

function splitPeople(value: string): string[] {
  return value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

export function parsePostmortem(markdown: string): ParsedPostmortem {
  const source = markdown;
  const map = new SourceMap(source);
  const tree = fromMarkdown(source, PARSE_OPTIONS);
  const top = tree.children;

  const titles: ParsedText[] = [];
  const sections: ParsedSection[] = [];
  const fields: ParsedHeaderField[] = [];

  const headingText = (h: Heading): ParsedText => {
    const start = nodeStart(h);
    const line = h.position?.start.line ?? 1;
    const isAtx = /^[ \t]*#/.test(source.slice(start, start + 8));
    if (isAtx) {
      const lineEnd = map.lineEnd(line);
      const m = /^[ \t]*#{1,6}(?:[ \t]+|$)/.exec(source.slice(start, lineEnd));
      return textAt(map, start + (m ? m[0].length : 0), lineEnd, unescapeInline);
    }
    // setext: the text lines above the underline
    const endLine = h.position?.end.line ?? line;
    return textAt(map, start, map.lineStart(endLine), (raw) => unescapeInline(raw.replace(/[ \t]*(?:\r\n?|\n)[ \t]*/g, ' ')));
  };

  // Top-level headings of depth <= 2 split the document; everything before the first H2 is the header area.
  let firstH2 = top.length;
  for (let i = 0; i < top.length; i++) {
    const node = top[i] as RootContent;
    if (node.type !== 'heading') continue;
    if (node.depth === 1) titles.push(headingText(node));
    if (node.depth === 2 && firstH2 === top.length) firstH2 = i;
  }

  for (let i = 0; i < top.length; i++) {
    const node = top[i] as RootContent;
    if (node.type !== 'heading' || node.depth !== 2) continue;
    let j = i + 1;
    while (j < top.length) {
      const next = top[j] as RootContent;
      if (next.type === 'heading' && next.depth <= 2) break;
      j++;
    }
    const start = nodeStart(node);
    const headingLine = node.position?.end.line ?? 1;
    const bodyStart = map.lineStart(headingLine + 1);
    const nextNode = top[j];
    const end = nextNode ? nodeStart(nextNode) : source.length;
    const heading = headingText(node);
    const body = textAt(map, bodyStart, Math.max(bodyStart, end), (raw) => raw);
    sections.push({
      key: sectionKeyFor(heading.text),
      heading,
      depth: 2,
      span: map.span(start, end),
      body,
      nodes: top.slice(i + 1, j),
    });
  }

  for (let i = 0; i < firstH2; i++) {
    const node = top[i] as RootContent;
    if (node.type !== 'paragraph' && node.type !== 'list') continue;
    const fromLine = node.position?.start.line ?? 1;
    const toLine = node.position?.end.line ?? fromLine;
    for (let line = fromLine; line <= toLine; line++) {
      const ls = Math.max(map.lineStart(line), nodeStart(node));
      const le = Math.min(map.lineEnd(line), nodeEnd(node));
      const labelled = readLabelled(map, ls, le);
      if (!labelled) continue;
      const value = textAt(map, labelled.valueStart, labelled.valueEnd, unescapeInline);
      const [s, e] = trimRange(source, ls, le);
      fields.push({ key: headerKeyFor(labelled.label), label: labelled.label, value, span: map.span(s, e) });
    }
  }

  const firstSection = (key: SectionKey): ParsedSection | undefined => sections.find((s) => s.key === key);
  const firstOf = <T extends RootContent['type']>(section: ParsedSection | undefined, type: T): Extract<RootContent, { type: T }> | undefined =>
    section?.nodes.find((n) => n.type === type) as Extract<RootContent, { type: T }> | undefined;

  let timelineTable: ParsedTable | undefined;
  const timeline: ParsedTimelineRow[] = [];
  const tNode = firstOf(firstSection('timeline'), 'table');
  if (tNode) {
    timelineTable = readTable(map, tNode);
    // "| Time | Source | Event |" is read by its header; anything unrecognised is read by position.
    const byHeader = columnsByHeader(timelineTable.header, timelineColumnFor);
    const timeCol = byHeader?.get('time') ?? 0;
    const eventCol = byHeader?.get('event') ?? 1;
    const sourceCol = byHeader?.get('source');
    timelineTable.rows.forEach((cells, index) => {
      const rowNode = tNode.children[index + 1];
      const rowSpan = map.span(nodeStart(rowNode ?? tNode), Math.max(nodeEnd(rowNode ?? tNode), map.lineEnd(rowNode?.position?.start.line ?? 1)));
      const time = cells[timeCol] ?? emptyAt(map, rowSpan.end.offset);
      const eventCell = cells[eventCol] ?? emptyAt(map, rowSpan.end.offset);
      const { event, source: ref } = readEventCell(map, eventCell);
      const row: ParsedTimelineRow = { time, event, cells, span: rowSpan };
      const sourceCell = sourceCol !== undefined ? cells[sourceCol]?.text.trim() : undefined;
      if (ref !== undefined) row.source = ref;
      else if (sourceCell) row.source = sourceCell;
      timeline.push(row);
    });
  }

  const impact: ParsedImpactItem[] = [];
  const impactSection = firstSection('impact');
  for (const list of impactSection?.nodes.filter((n): n is List => n.type === 'list') ?? []) {
    for (const item of list.children) {
      const start = nodeStart(item);
      const line = item.position?.start.line ?? 1;
      const itemEnd = Math.min(nodeEnd(item), nextStart(list.children, list.children.indexOf(item)));
      const le = Math.min(map.lineEnd(line), itemEnd);
      const labelled = readLabelled(map, start, le);
      const [s, e] = trimRange(source, start, itemEnd);
      if (labelled) {
        const value = textAt(map, labelled.valueStart, Math.max(labelled.valueStart, itemEnd), (raw) =>
          unescapeInline(raw.replace(/[ \t]*(?:\r\n?|\n)[ \t]*/g, ' ')),
        );
        impact.push({ key: impactKeyFor(labelled.label), label: labelled.label, value, span: map.span(s, e) });
      } else {
        impact.push({ key: null, label: '', value: readListItem(map, item, itemEnd), span: map.span(s, e) });
      }
    }
  }

  let actionTable: ParsedTable | undefined;
  const actionItems: ParsedActionRow[] = [];
  const aNode = firstOf(firstSection('actionItems'), 'table');
  if (aNode) {
    actionTable = readTable(map, aNode);
    // Columns are found by header (synonyms such as Due or Assignee included, in any order); a
    // header with no recognised name at all is read in the template's order.
    const columns = new Map<ActionColumn, number>();
    actionTable.header.forEach((h, idx) => {
      const key = actionColumnFor(h.text);
      if (key && !columns.has(key)) columns.set(key, idx);
    });
    const col = (key: ActionColumn, fallback: number): number => columns.get(key) ?? (columns.size === 0 ? fallback : -1);
    const idx = { action: col('action', 0), owner: col('owner', 1), due: col('due', 2), priority: col('priority', 3), type: col('type', -1) };
    actionTable.rows.forEach((cells, index) => {
      const rowNode = aNode.children[index + 1];
      const span = map.span(nodeStart(rowNode ?? aNode), Math.max(nodeEnd(rowNode ?? aNode), map.lineEnd(rowNode?.position?.start.line ?? 1)));
      const row: ParsedActionRow = { cells, span };
      for (const k of ['action', 'owner', 'due', 'priority', 'type'] as const) {
        const cell = idx[k] >= 0 ? cells[idx[k]] : undefined;
        if (cell) row[k] = cell;
      }
      actionItems.push(row);
    });
  }

  const lists: ParsedPostmortem['lists'] = {};
  for (const key of ['contributingFactors', 'wentWell', 'wentPoorly'] as const) {
    const section = firstSection(key);
    if (!section) continue;
    const items: ParsedListItem[] = [];
    for (const node of section.nodes) {
      if (node.type === 'list') node.children.forEach((item, k) => items.push(readListItem(map, item, nextStart(node.children, k))));
      // `- ---` is a thematic break to Markdown, but in a bullet section it is a bullet reading "---"
      else if (node.type === 'thematicBreak' && /^[ \t]*-[ \t]/.test(source.slice(nodeStart(node), nodeEnd(node)))) {
        items.push(readListItem(map, { type: 'listItem', children: [], position: node.position } as ListItem));
      }
    }
    lists[key] = items;
  }

  const comments = collectComments(map, tree);

  // ---- model ----
  const fieldValue = (key: HeaderKey): string | undefined => {
    const field = fields.find((f) => f.key === key);
    if (!field) return undefined;
    let value = field.value.text.trim();
    if (value === FIELD_PLACEHOLDERS.get(key)) return undefined;
    if (key === 'duration' && value.endsWith(DURATION_SUFFIX)) value = value.slice(0, -DURATION_SUFFIX.length).trim();
    return value === '' ? undefined : value;
  };
  const blockValue = (key: SectionKey): string | undefined => {
    const section = firstSection(key);
    if (!section) return undefined;
    const raw = section.body.raw.replace(COMMENT, '').trim();
    if (raw === '' || raw === SECTION_PLACEHOLDERS.get(key)) return undefined;
    return unescapeBlock(raw);
  };
  const listValue = (key: 'contributingFactors' | 'wentWell' | 'wentPoorly'): string[] =>
    (lists[key] ?? []).map((i) => i.text).filter((t) => t !== SECTION_PLACEHOLDERS.get(key) && !EXAMPLE_BULLET.test(t));

  let title = titles[0]?.text ?? '';
  if (title.startsWith(TITLE_PREFIX)) title = title.slice(TITLE_PREFIX.length);
  if (title.trim() === TITLE_PLACEHOLDER) title = '';

  const impactModel: Record<string, string> = {};
  for (const item of impact) {
    if (!item.key || item.key in impactModel) continue;
    const value = item.value.text.trim();
    if (value === '' || value === IMPACT_PLACEHOLDERS.get(item.key)) continue;
    impactModel[item.key] = value;
  }

  const authors = fieldValue('authors');
  const reviewers = fieldValue('reviewers');
  const raw: Record<string, unknown> = {
    title,
    date: fieldValue('date'),
    duration: fieldValue('duration'),
    severity: fieldValue('severity'),
    status: fieldValue('status'),
    authors: authors ? splitPeople(authors) : [],
    reviewers: reviewers ? splitPeople(reviewers) : [],
    summary: blockValue('summary'),
    timeline: timeline
      .filter((r) => !isTimelinePlaceholder(r))
      .map((r) => (r.source !== undefined ? { time: r.time.text, event: r.event.text, source: r.source } : { time: r.time.text, event: r.event.text })),
    impact: impactModel,
    rootCause: blockValue('rootCause'),
    contributingFactors: listValue('contributingFactors'),
    wentWell: listValue('wentWell'),
    wentPoorly: listValue('wentPoorly'),
    actionItems: actionItems
      .filter((r) => !isActionPlaceholder(r))
      .map((r) => {
        const item: Record<string, string> = {
          action: r.action?.text ?? '',
          owner: r.owner?.text ?? '',
          due: r.due?.text ?? '',
          priority: r.priority?.text ?? '',
        };
        const type = r.type?.text.trim().toLowerCase();
        if (type && (ACTION_TYPES as readonly string[]).includes(type)) item.type = type;
        return item;
      }),
    lessons: blockValue('lessons'),
  };
  for (const k of Object.keys(raw)) if (raw[k] === undefined) delete raw[k];
  const model: Postmortem = PostmortemSchema.parse(raw);

  return {
    source,
    mdast: tree,
    titles,
    fields,
    sections,
    ...(timelineTable ? { timelineTable } : {}),
    timeline,
    impact,
    ...(actionTable ? { actionTable } : {}),
    actionItems,
    lists,
    comments,
    model,
  };
}
