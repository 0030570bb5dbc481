/**
 * Text helpers for the prose rules: a masked copy of the source (code, HTML, URLs and link syntax
 * blanked to spaces, so every offset still points into the original), prose blocks and sentences of a
 * section, phrase matching on word boundaries, passive detection and person-as-subject detection.
 * Secret rules do not use the mask: secrets are most likely inside code.
 */
import type { RootContent } from 'mdast';
import type { ParsedPostmortem, ParsedSection, Span } from '../postmortem/parsed.js';
import { SourceMap } from '../postmortem/parse.js';
import { ACTION_PLACEHOLDER_ROW, HEADER_FIELDS, IMPACT_FIELDS, SECTIONS, TITLE_PLACEHOLDER, type SectionKey } from '../postmortem/template.js';
import { ACTION_VERBS, IRREGULAR_PARTICIPLES, NOT_PARTICIPLES, PERSON_ROLES, SUBJECT_FILLERS } from './data/phrases.js';
import { COMMON_FIRST_NAMES } from './data/names.js';

export interface TextRange {
  /** 0-based UTF-16 offsets into the document source, end exclusive. */
  start: number;
  end: number;
}

export interface ProseBlock extends TextRange {
  /** The masked text of the range (same length as the source slice). */
  text: string;
}

export type Sentence = ProseBlock;

export interface PhraseMatch extends TextRange {
  phrase: string;
  /** The matched text as written. */
  text: string;
}

type AnyNode = { type: string; children?: AnyNode[]; value?: string; url?: string; position?: { start: { offset?: number }; end: { offset?: number } } };

const maskCache = new WeakMap<ParsedPostmortem, string>();
const mapCache = new WeakMap<ParsedPostmortem, SourceMap>();

/** Ranges to blank, collected first and applied in one pass (no per-character array per document). */
type Blanks = Array<[number, number]>;

function blank(ranges: Blanks, start: number, end: number): void {
  if (end > start) ranges.push([start, end]);
}

/** Spaces for every character of the range except line breaks, so offsets and lines stay put. */
function blanked(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}

function applyBlanks(source: string, ranges: Blanks): string {
  if (ranges.length === 0) return source;
  ranges.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end] of ranges) {
    const s = Math.max(start, at);
    const e = Math.min(end, source.length);
    if (e <= s) continue;
    out += source.slice(at, s) + blanked(source.slice(s, e));
    at = e;
  }
  return out + source.slice(at);
}

const BARE_URL = /\b(?:https?|ftp|file|s3|gs|wss?):\/\/[^\s<>|)\]]{1,2048}|\bwww\.[A-Za-z0-9-]{1,63}\.[^\s<>|)\]]{1,2048}/g;

/**
 * The source with code (inline and fenced), HTML (comments included), images, URLs and link syntax
 * blanked. Link text stays: `[runbook](https://x)` keeps `runbook`.
 */
export function maskSource(source: string, nodes: readonly AnyNode[], options: { html?: boolean; urls?: boolean } = {}): string {
  const maskHtml = options.html ?? true;
  const maskUrls = options.urls ?? true;
  const ranges: Blanks = [];
  const visit = (node: AnyNode): void => {
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    if (s === undefined || e === undefined) return;
    switch (node.type) {
      case 'html':
        if (maskHtml) blank(ranges, s, e);
        return;
      case 'code':
      case 'inlineCode':
      case 'image':
      case 'imageReference':
      case 'definition':
      case 'footnoteReference':
        blank(ranges, s, e);
        return;
      case 'link':
      case 'linkReference': {
        const kids = node.children ?? [];
        const first = kids[0]?.position?.start.offset;
        const last = kids[kids.length - 1]?.position?.end.offset;
        const onlyText = kids.length === 1 && kids[0]?.type === 'text' ? kids[0].value : undefined;
        // Autolinks (`<https://x>` or a bare URL) read as their URL: blank them whole.
        if (first === undefined || last === undefined || (node.url !== undefined && onlyText !== undefined && (onlyText === node.url || node.url.endsWith(onlyText) || /^(?:https?:|www\.|mailto:)/i.test(onlyText)))) {
          blank(ranges, s, e);
          return;
        }
        blank(ranges, s, first);
        blank(ranges, last, e);
        for (const k of kids) visit(k);
        return;
      }
      default:
        for (const k of node.children ?? []) visit(k);
    }
  };
  for (const n of nodes) visit(n);
  let masked = applyBlanks(source, ranges);
  if (maskUrls) masked = masked.replace(BARE_URL, (m) => ' '.repeat(m.length));
  return masked;
}

/** The template's bracketed instructions: prose rules leave them to PM701. */
const TEMPLATE_PROSE = [TITLE_PLACEHOLDER, ...HEADER_FIELDS.map((f) => f.placeholder), ...SECTIONS.map((s) => s.placeholder), ...IMPACT_FIELDS.map((f) => f.placeholder), ACTION_PLACEHOLDER_ROW.action]
  .filter((p) => p.startsWith('['))
  .sort((a, b) => b.length - a.length);

function blankTemplatePlaceholders(masked: string): string {
  let out = masked;
  for (const p of TEMPLATE_PROSE) if (out.includes(p)) out = out.split(p).join(' '.repeat(p.length));
  return out.replace(/\[e\.g\., [^\]\n]{1,200}\]/g, (m) => ' '.repeat(m.length));
}

export function maskedSource(doc: ParsedPostmortem): string {
  let masked = maskCache.get(doc);
  if (masked === undefined) {
    masked = blankTemplatePlaceholders(maskSource(doc.source, doc.mdast.children as AnyNode[]));
    maskCache.set(doc, masked);
  }
  return masked;
}

const codeMaskCache = new WeakMap<ParsedPostmortem, string>();

/** The source with only code, images and link syntax blanked: HTML and bare text stay (PM701). */
export function codeMaskedSource(doc: ParsedPostmortem): string {
  let masked = codeMaskCache.get(doc);
  if (masked === undefined) {
    masked = maskSource(doc.source, doc.mdast.children as AnyNode[], { html: false, urls: false });
    codeMaskCache.set(doc, masked);
  }
  return masked;
}

export function sourceMap(doc: ParsedPostmortem): SourceMap {
  let map = mapCache.get(doc);
  if (!map) {
    map = new SourceMap(doc.source);
    mapCache.set(doc, map);
  }
  return map;
}

export function spanOf(doc: ParsedPostmortem, range: TextRange): Span {
  return sourceMap(doc).span(range.start, range.end);
}

/** Masked text of a source range. */
export function maskedSlice(doc: ParsedPostmortem, start: number, end: number): ProseBlock {
  return { start, end, text: maskedSource(doc).slice(start, end) };
}

export function sectionsOf(doc: ParsedPostmortem, keys: readonly SectionKey[]): ParsedSection[] {
  return doc.sections.filter((s) => s.key !== null && keys.includes(s.key));
}

const BLOCK_START = /^[ \t]{0,3}(?:[-*+][ \t]|\d{1,9}[.)][ \t]|\||>|#)/;

/**
 * Prose blocks of a range: paragraphs, list items and table cells never share a sentence. Block
 * markers (bullets, pipes, `>`) are left out of the block text.
 */
export function proseBlocks(doc: ParsedPostmortem, start: number, end: number): ProseBlock[] {
  const masked = maskedSource(doc);
  const blocks: ProseBlock[] = [];
  let blockStart = -1;
  let blockEnd = -1;
  const flush = () => {
    if (blockStart >= 0) {
      pushTrimmed(blocks, masked, blockStart, blockEnd);
      blockStart = -1;
    }
  };
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = masked.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const line = masked.slice(lineStart, lineEnd);
    if (line.trim() === '') {
      flush();
    } else if (/^[ \t]*\|/.test(line) || /\|[ \t]*$/.test(line.trimEnd()) && line.includes('|')) {
      flush();
      if (!/^[ \t|:-]+$/.test(line)) {
        // A table row: each cell is a block; `\|` is a literal pipe, not a delimiter.
        let cellStart = lineStart;
        for (let i = lineStart; i <= lineEnd; i++) {
          const c = i < lineEnd ? masked[i] : '|';
          if (c === '\\') {
            i++;
            continue;
          }
          if (c === '|') {
            pushTrimmed(blocks, masked, cellStart, i);
            cellStart = i + 1;
          }
        }
      }
    } else {
      const marker = BLOCK_START.exec(line);
      if (marker) {
        flush();
        if (/^[ \t]{0,3}#/.test(line)) {
          lineStart = lineEnd + 1;
          continue;
        }
        blockStart = lineStart + marker[0].length;
        blockEnd = lineEnd;
      } else if (blockStart >= 0) {
        blockEnd = lineEnd;
      } else {
        blockStart = lineStart;
        blockEnd = lineEnd;
      }
    }
    lineStart = lineEnd + 1;
  }
  flush();
  return blocks;
}

function pushTrimmed(out: ProseBlock[], masked: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(masked[s] ?? '')) s++;
  while (e > s && /\s/.test(masked[e - 1] ?? '')) e--;
  if (e > s) out.push({ start: s, end: e, text: masked.slice(s, e) });
}

/** Prose blocks of a section body (heading excluded). */
export function sectionBlocks(section: ParsedSection | undefined, doc: ParsedPostmortem): ProseBlock[] {
  if (!section) return [];
  return proseBlocks(doc, section.body.span.start.offset, section.body.span.end.offset);
}

export const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'approx', 'incl', 'excl', 'no', 'nr', 'fig', 'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'inc', 'ltd', 'co', 'corp',
  'cf', 'al', 'ca', 'resp', 'est', 'min', 'max', 'sec', 'avg', 'dept', 'ver', 'v', 'ref', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'u.s', 'u.k', 'a.m', 'p.m',
]);

/**
 * Splits text into sentences at `.`, `!`, `?` followed by whitespace and a capital, digit, quote or
 * bracket. Decimals (`4.5%`), times (`14:05`), versions (`v1.2.3`), domains and abbreviations
 * (`e.g.`, `approx.`) do not end a sentence. Offsets are relative to `text` plus `base`.
 */
export function splitSentences(text: string, base = 0): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const push = (s: number, e: number) => {
    let a = s;
    let b = e;
    while (a < b && /\s/.test(text[a] ?? '')) a++;
    while (b > a && /\s/.test(text[b - 1] ?? '')) b--;
    if (b > a) out.push({ start: base + a, end: base + b, text: text.slice(a, b) });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '.' && c !== '!' && c !== '?') continue;
    // Closing quotes and brackets belong to the sentence they end.
    let j = i + 1;
    while (j < text.length && /["'”’)\]*_]/.test(text[j] ?? '')) j++;
    if (j < text.length && !/\s/.test(text[j] ?? '')) continue;
    let k = j;
    while (k < text.length && /\s/.test(text[k] ?? '')) k++;
    if (k < text.length && !/[\p{Lu}\p{N}"'“‘(\[*_`@]/u.test(text[k] ?? '')) continue;
    if (c === '.') {
      const wordMatch = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, i - 12), i));
      const word = (wordMatch?.[1] ?? '').toLowerCase();
      if (word && (ABBREVIATIONS.has(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word))) continue;
    }
    push(start, j);
    start = j;
    i = j - 1;
  }
  push(start, text.length);
  return out;
}

/** Sentences of a section (or of any ranges), block boundaries respected. */
const sentenceCache = new WeakMap<ParsedSection, Sentence[]>();

export function sectionSentences(doc: ParsedPostmortem, section: ParsedSection | undefined): Sentence[] {
  if (!section) return [];
  let cached = sentenceCache.get(section);
  if (!cached) {
    cached = sectionBlocks(section, doc).flatMap((b) => splitSentences(b.text, b.start));
    sentenceCache.set(section, cached);
  }
  return cached;
}

export function blockSentences(blocks: readonly ProseBlock[]): Sentence[] {
  return blocks.flatMap((b) => splitSentences(b.text, b.start));
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;

export function words(text: string): Array<{ word: string; start: number; end: number }> {
  const out: Array<{ word: string; start: number; end: number }> = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) out.push({ word: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

export function wordCount(text: string): number {
  return words(text).length;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const phraseCache = new Map<string, RegExp>();
const phraseListCache = new WeakMap<readonly string[], RegExp>();

/** One regex for a phrase list: longest phrase first, spaces match any whitespace, ' matches ’. */
export function phraseRegex(phrases: readonly string[]): RegExp {
  const byList = phraseListCache.get(phrases);
  if (byList) return byList;
  const key = phrases.join('\u0000');
  let re = phraseCache.get(key);
  if (!re) {
    const alts = [...phrases]
      .sort((a, b) => b.length - a.length)
      .map((p) => escapeRegex(p.trim()).replace(/\s+/g, '\\s+').replace(/'/g, "['’]").replace(/-/g, '[-\\s]?'));
    re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alts.join('|')})(?![\\p{L}\\p{N}_])`, 'giu');
    phraseCache.set(key, re);
  }
  phraseListCache.set(phrases, re);
  return re;
}

interface CanonicalPhrases {
  /** Lower case, single spaces, ' for ’ -> the phrase as listed. */
  exact: Map<string, string>;
  /** The same without hyphens and spaces ("on call" for "on-call") -> the phrase as listed. */
  loose: Map<string, string>;
}

const canonicalCache = new WeakMap<readonly string[], CanonicalPhrases>();

const looseForm = (p: string): string => p.replace(/[-\s]/g, '');

function canonicalPhrases(phrases: readonly string[]): CanonicalPhrases {
  let canonical = canonicalCache.get(phrases);
  if (!canonical) {
    canonical = { exact: new Map(), loose: new Map() };
    for (const p of phrases.map((x) => x.toLowerCase())) {
      if (!canonical.exact.has(p)) canonical.exact.set(p, p);
      if (!canonical.loose.has(looseForm(p))) canonical.loose.set(looseForm(p), p);
    }
    canonicalCache.set(phrases, canonical);
  }
  return canonical;
}

/** Case-insensitive, word-bounded matches of any phrase; offsets relative to `text` plus `base`. */
export function findPhrases(text: string, phrases: readonly string[], base = 0): PhraseMatch[] {
  if (phrases.length === 0) return [];
  const re = phraseRegex(phrases);
  const canonical = canonicalPhrases(phrases);
  const out: PhraseMatch[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const written = m[0];
    const norm = written.toLowerCase().replace(/\s+/g, ' ').replace(/’/g, "'");
    const phrase = canonical.exact.get(norm) ?? canonical.loose.get(looseForm(norm)) ?? norm;
    out.push({ phrase, text: written, start: base + m.index, end: base + m.index + written.length });
  }
  return out;
}

/** True when the match is quoted (`"human error"`): a mention of the term, not a use of it. */
export function isQuoted(source: string, range: TextRange): boolean {
  const before = source[range.start - 1] ?? '';
  const after = source[range.end] ?? '';
  return (/["“'‘]/.test(before) && /["”'’]/.test(after)) || (before === '*' && after === '*' && /["“]/.test(source[range.start - 3] ?? ''));
}

/** A `[...]` template placeholder around the range. */
export function insidePlaceholder(text: string, index: number): boolean {
  const open = text.lastIndexOf('[', index);
  if (open === -1) return false;
  const close = text.indexOf(']', open);
  return close >= index && !text.slice(open, index).includes('\n');
}

// ---------------------------------------------------------------- passive voice

const BE = '(?:am|are|were|being|is|been|was|be|isn[\'’]t|wasn[\'’]t|weren[\'’]t|aren[\'’]t)';
const FILLER = '(?:(?:not|also|then|still|now|already|never|later|first|only|all|immediately|(?:\\p{L}{2,}ly))\\s+){0,2}';
const PASSIVE = new RegExp(
  `(?<![\\p{L}])(${BE})\\s+${FILLER}(\\p{L}{2,}ed|${IRREGULAR_PARTICIPLES.join('|')})(?![\\p{L}])`,
  'giu',
);
const NOT_PARTICIPLE_SET = new Set(NOT_PARTICIPLES);

export interface PassiveMatch extends TextRange {
  participle: string;
}

/** be-verb + (`…ed` | irregular participle), as in design/lint-rules.md §2.9. */
const HAS_BE = /(?<![\p{L}])(?:am|are|were|being|is|been|was|be|isn['’]t|wasn['’]t|weren['’]t|aren['’]t)(?![\p{L}])/iu;

export function findPassives(text: string, base = 0): PassiveMatch[] {
  const out: PassiveMatch[] = [];
  if (!HAS_BE.test(text)) return out;
  PASSIVE.lastIndex = 0;
  for (const m of text.matchAll(PASSIVE)) {
    const participle = (m[2] ?? '').toLowerCase();
    if (NOT_PARTICIPLE_SET.has(participle)) continue;
    const s = base + (m.index ?? 0);
    out.push({ start: s, end: s + m[0].length, participle });
  }
  return out;
}

// ---------------------------------------------------------------- people

/** Names from Author(s), Reviewers and action Owners: full names, first names and @handles. */
const peopleCache = new WeakMap<ParsedPostmortem, string[]>();

export function knownPeople(doc: ParsedPostmortem): string[] {
  const cached = peopleCache.get(doc);
  if (cached) return cached;
  const result = collectPeople(doc);
  peopleCache.set(doc, result);
  return result;
}

function collectPeople(doc: ParsedPostmortem): string[] {
  const values: string[] = [];
  for (const f of doc.fields) if (f.key === 'authors' || f.key === 'reviewers') values.push(f.value.text);
  for (const a of doc.actionItems) if (a.owner) values.push(a.owner.text);
  const names = new Set<string>();
  for (const value of values) {
    for (const rawPart of value.split(/[,;&/]|\band\b|\(|\)/)) {
      const part = rawPart.trim().replace(/^@/, '');
      if (!part || /\bteam\b|\bsquad\b|\bguild\b|\bgroup\b|\bops\b|\bsre\b/i.test(part)) continue;
      if (/^(?:tbd|tba|n\/a|none|unassigned|everyone|all|we|us|someone)$/i.test(part)) continue;
      const tokens = part.split(/\s+/).filter((t) => /^[\p{Lu}][\p{L}'’-]+$/u.test(t));
      if (tokens.length === 0) {
        // @priya is matched as a mention; the bare word "priya" is not a name, "Priya" is.
        if (/^[a-z]{3,}$/i.test(part) && rawPart.trim().startsWith('@') && !NOT_NAMES.has(part.toLowerCase())) names.add(part[0]!.toUpperCase() + part.slice(1).toLowerCase());
        continue;
      }
      if (tokens.length >= 2) names.add(tokens.join(' '));
      const first = tokens[0]!;
      if (first.length >= 2 && !NOT_NAMES.has(first.toLowerCase())) names.add(first);
    }
  }
  return [...names];
}

/** Capitalised words that appear in people fields but are not names. */
const NOT_NAMES = new Set(['the', 'platform', 'payments', 'infra', 'infrastructure', 'engineering', 'database', 'security', 'incident', 'on-call', 'oncall', 'release', 'data', 'web', 'mobile', 'api', 'core', 'storage', 'network', 'networking', 'frontend', 'backend', 'sre', 'devops', 'ops', 'it', 'qa', 'support', 'product', 'customer']);

const MENTION = /(?<![\p{L}\p{N}_.@/])@[A-Za-z][A-Za-z0-9_-]{0,38}(?:\/[A-Za-z0-9_-]{1,64})?(?![A-Za-z0-9_-])/gu;

/**
 * Names are matched with indexOf and boundary checks, not with a regex built from the names: a
 * Unicode-aware regex costs about 0.3 ms to compile, and every document brings its own names.
 */
const NAME_CHAR = /^[\p{L}\p{N}_]/u;
const NAME_CHAR_OR_AT = /^[\p{L}\p{N}_@]/u;

function codePointBefore(text: string, index: number): string {
  if (index <= 0) return '';
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 && (text.charCodeAt(index - 2) & 0xfc00) === 0xd800 ? index - 2 : index - 1;
  return text.slice(start, index);
}

const peopleByLength = new WeakMap<readonly string[], readonly string[]>();

function longestFirst(people: readonly string[]): readonly string[] {
  let sorted = peopleByLength.get(people);
  if (!sorted) {
    sorted = [...people].sort((a, b) => b.length - a.length);
    peopleByLength.set(people, sorted);
  }
  return sorted;
}

/** Leftmost, then longest, non-overlapping occurrences of known names standing as whole words. */
function findKnownNames(text: string, people: readonly string[]): Array<{ start: number; name: string }> {
  const hits: Array<{ start: number; name: string }> = [];
  for (const name of longestFirst(people)) {
    if (name === '') continue;
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
      if (NAME_CHAR_OR_AT.test(codePointBefore(text, at)) || NAME_CHAR.test(text.slice(at + name.length, at + name.length + 2))) continue;
      hits.push({ start: at, name });
    }
  }
  hits.sort((a, b) => a.start - b.start || b.name.length - a.name.length);
  const out: Array<{ start: number; name: string }> = [];
  let end = 0;
  for (const h of hits) {
    if (h.start < end) continue;
    out.push(h);
    end = h.start + h.name.length;
  }
  return out;
}

export interface PersonMention extends TextRange {
  name: string;
  kind: 'mention' | 'known' | 'first-name';
}

/** @handles, names from the people fields, and common first names (capitalised) in a text. */
export function findPeople(text: string, people: readonly string[], base = 0): PersonMention[] {
  const out: PersonMention[] = [];
  for (const m of text.matchAll(MENTION)) {
    if (m[0].includes('/')) continue; // @org/team is a team
    const s = base + (m.index ?? 0);
    out.push({ name: m[0], kind: 'mention', start: s, end: s + m[0].length });
  }
  const taken = (s: number, e: number) => out.some((o) => s < o.end && e > o.start);
  for (const hit of findKnownNames(text, people)) {
    const s = base + hit.start;
    if (!taken(s, s + hit.name.length)) out.push({ name: hit.name, kind: 'known', start: s, end: s + hit.name.length });
  }
  for (const w of words(text)) {
    if (!COMMON_FIRST_NAMES.has(w.word)) continue;
    const s = base + w.start;
    if (!taken(s, s + w.word.length)) out.push({ name: w.word, kind: 'first-name', start: s, end: s + w.word.length });
  }
  return out.sort((a, b) => a.start - b.start);
}

// `they` and `user` usually stand for systems or customers in incident prose, not for a responder.
const NOT_ACTOR_ROLES = new Set(['they', 'user', 'person']);
const ROLE_ALTS = [...PERSON_ROLES.filter((r) => !NOT_ACTOR_ROLES.has(r))].sort((a, b) => b.length - a.length).map((r) => escapeRegex(r).replace(/\s+/g, '\\s+').replace(/-/g, '[-\\s]?'));
const ACTION_VERB_SET = new Set(ACTION_VERBS.map((v) => v.toLowerCase()));
const FILLER_SET = new Set(SUBJECT_FILLERS);
const DETERMINER = "(?:(?:the|a|an|one|another|our|their|his|her|that|this|some|two|several|an?other)\\s+)?(?:(?:junior|senior|new|former|second|primary|secondary|backup|on-call|oncall|database|platform|infrastructure|infra|release|support|responding|affected|same|other|external|third-party)\\s+){0,2}";
const ROLE_SUBJECT = new RegExp(`^(?:then\\s+|later\\s+)?${DETERMINER}(${ROLE_ALTS.join('|')})(?:s|es)?(?![\\p{L}\\p{N}_'’-])`, 'iu');
/** Where a new clause (and so a new subject) starts inside a sentence. */
const CLAUSE_START = /(?:\bbecause\s+|[;:—–]\s*|,\s+(?:and|but|so|then)\s+|^)/giu;

const KUBERNETES_CONTEXT = /\b(?:kubernetes|k8s|crds?|custom resources?|reconcil\w*|controllers?|pods?|pvcs?|helm|statefulsets?|deployments?|namespaces?|clusters?)\b/i;

const HANDLE_AT_START = /^@[A-Za-z][A-Za-z0-9_-]{0,38}(?![\p{L}\p{N}_'’-])/u;
const CAPITALISED_AT_START = /^[\p{Lu}][\p{Ll}]{1,20}(?![\p{L}\p{N}_'’-])/u;
const SUBJECT_CHAR = /^[\p{L}\p{N}_'’-]/u;

/** The @handle, known name (longest first) or capitalised word that starts the text, if any. */
function nameAtStart(text: string, people: readonly string[]): string | undefined {
  const handle = HANDLE_AT_START.exec(text);
  if (handle) return handle[0];
  for (const name of longestFirst(people)) {
    if (name !== '' && text.startsWith(name) && !SUBJECT_CHAR.test(text.slice(name.length, name.length + 2))) return name;
  }
  return CAPITALISED_AT_START.exec(text)?.[0];
}

export interface PersonSubject extends TextRange {
  subject: string;
  verb: string;
}

function verbAfter(text: string, from: number): { verb: string; end: number } | undefined {
  const rest = words(text.slice(from, from + 80)).slice(0, 4);
  for (const w of rest) {
    const lw = w.word.toLowerCase().replace(/’/g, "'");
    if (FILLER_SET.has(lw) || /^\p{L}{3,}ly$/u.test(lw)) continue;
    if (ACTION_VERB_SET.has(lw)) return { verb: w.word, end: from + w.end };
    return undefined;
  }
  return undefined;
}

/**
 * A person or role acting as the subject of an action verb: "Engineer ran the wrong command.",
 * "because the on-call engineer skipped the check", "@bob deployed". Receiving constructions are not
 * the person acting: "the on-call engineer was paged" has a be-verb, not an action verb, after the
 * subject, and a possessive ("the engineer's laptop") is not a subject.
 */
export function findPersonSubjects(sentence: string, people: readonly string[], base = 0): PersonSubject[] {
  const out: PersonSubject[] = [];
  CLAUSE_START.lastIndex = 0;
  const starts = new Set<number>();
  for (const m of sentence.matchAll(CLAUSE_START)) starts.add((m.index ?? 0) + m[0].length);
  for (const at of starts) {
    // A subject and its verb sit within the first few words of a clause; bounding the slice keeps
    // hostile input (thousands of clauses in one "sentence") linear.
    const rest = sentence.slice(at, at + 160);
    let subject: string | undefined;
    let end = 0;
    const role = ROLE_SUBJECT.exec(rest);
    if (role) {
      subject = role[0];
      end = role[0].length;
    } else {
      const n = nameAtStart(rest, people);
      if (n !== undefined) {
        const isPerson = n.startsWith('@') || people.includes(n) || COMMON_FIRST_NAMES.has(n);
        if (isPerson) {
          subject = n;
          end = n.length;
        }
      }
    }
    if (!subject) continue;
    if (/operator/i.test(subject) && KUBERNETES_CONTEXT.test(sentence)) continue; // a Kubernetes operator is software
    if (/^['’]s?\b/.test(rest.slice(end))) continue; // possessive
    if (/^\s*(?:who|that|which)\b/i.test(rest.slice(end))) continue; // relative clause about the person
    const verb = verbAfter(rest, end);
    if (!verb) continue;
    out.push({ subject: subject.replace(/^(?:then|later)\s+/i, '').trim(), verb: verb.verb, start: base + at, end: base + at + verb.end });
  }
  return out;
}

export function hasNumber(text: string): boolean {
  return /\d/.test(text);
}

/** A clock time such as 14:05 or 2:05 PM. */
export function hasClockTime(text: string): boolean {
  return /\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:am|pm)\b/i.test(text);
}

/** Edit that deletes a word or phrase with one neighbouring space and re-capitalises a sentence start. */
export function removalEdit(source: string, range: TextRange): { start: number; end: number; newText: string } {
  let start = range.start;
  let end = range.end;
  // Swallow a following comma and the space after it: "Unfortunately, alerting" -> "Alerting".
  const commaBefore = source.slice(start - 2, start) === ', ';
  if (source[end] === ',') {
    end++;
    if (commaBefore) start -= 2; // "recovered, of course, within" -> "recovered within"
    else if (source[end] === ' ') end++;
  } else if (source[end] === ' ') end++;
  else if (commaBefore && /[.!?;:]/.test(source[end] ?? '')) start -= 2; // "late, sadly." -> "late."
  else if (source[start - 1] === ' ') start--;
  const atSentenceStart = /(?:^|[.!?]\s+|\n\s*(?:[-*+]\s+|\|\s*)?|\|\s*|^\s*[-*+]\s+)$/.test(source.slice(Math.max(0, range.start - 6), range.start)) || range.start === 0;
  const next = source[end] ?? '';
  if (atSentenceStart && /\p{Ll}/u.test(next) && start === range.start) {
    return { start, end: end + 1, newText: next.toUpperCase() };
  }
  return { start, end, newText: '' };
}

// ---------------------------------------------------------------- rule helpers

export const NARRATIVE_SECTIONS: readonly SectionKey[] = ['summary', 'timeline', 'impact', 'rootCause', 'contributingFactors', 'wentWell', 'wentPoorly', 'lessons'];
export const ALL_SECTIONS: readonly SectionKey[] = [...NARRATIVE_SECTIONS, 'actionItems'];

const sentencesInCache = new WeakMap<ParsedPostmortem, Map<string, ReadonlyArray<Sentence & { section: SectionKey }>>>();
const taggedCache = new WeakMap<ParsedSection, ReadonlyArray<Sentence & { section: SectionKey }>>();

/** A section's sentences with its key, made once per section however many key sets ask for it. */
function taggedSentences(doc: ParsedPostmortem, section: ParsedSection): ReadonlyArray<Sentence & { section: SectionKey }> {
  let tagged = taggedCache.get(section);
  if (!tagged) {
    const key = section.key as SectionKey;
    tagged = sectionSentences(doc, section).map((s) => ({ start: s.start, end: s.end, text: s.text, section: key }));
    taggedCache.set(section, tagged);
  }
  return tagged;
}

/** Sentences of every section with one of the keys, with the section they come from. */
export function sentencesIn(doc: ParsedPostmortem, keys: readonly SectionKey[]): ReadonlyArray<Sentence & { section: SectionKey }> {
  let byKeys = sentencesInCache.get(doc);
  if (!byKeys) {
    byKeys = new Map();
    sentencesInCache.set(doc, byKeys);
  }
  const cacheKey = keys.join(',');
  let out = byKeys.get(cacheKey);
  if (!out) {
    const list: Array<Sentence & { section: SectionKey }> = [];
    for (const section of sectionsOf(doc, keys)) list.push(...taggedSentences(doc, section));
    out = list;
    byKeys.set(cacheKey, out);
  }
  return out;
}

/** The section containing an offset. */
export function sectionAt(doc: ParsedPostmortem, offset: number): ParsedSection | undefined {
  return doc.sections.find((s) => offset >= s.span.start.offset && offset < s.span.end.offset);
}

/** Whether the offset sits inside double quotes within its sentence (a quoted chat line, a term). */
export function insideQuotes(sentence: Sentence, offset: number): boolean {
  const before = sentence.text.slice(0, offset - sentence.start);
  return ((before.match(/["“”]/g) ?? []).length % 2) === 1;
}
