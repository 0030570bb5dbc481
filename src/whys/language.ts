/**
 * Text helpers for five_whys: phrase matching, sentence and clause splitting, content tokens and
 * Dice similarity. The phrase lists come from src/lint/data/phrases.ts and the matching from
 * src/lint/text.ts (one source of truth); the rest works on plain strings without a document.
 */
import { findLintPhrases } from './lint-bridge.js';

const APOSTROPHES = /[\u2018\u2019\u02bc]/g;

export function normalizeApostrophes(text: string): string {
  return text.replace(APOSTROPHES, "'");
}

export function collapseSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export interface PhraseHit {
  phrase: string;
  index: number;
  end: number;
  text: string;
}

/**
 * Every occurrence of any phrase, with the linter's own matcher, so that a why flagged here and a
 * Root Cause sentence flagged by PM401/PM403 agree on what matched.
 */
export function findPhrases(text: string, phrases: readonly string[]): PhraseHit[] {
  return findLintPhrases(normalizeApostrophes(text), phrases).map((m) => ({ phrase: m.phrase, index: m.start, end: m.end, text: text.slice(m.start, m.end) }));
}

/** Strips inline code and URLs so prose checks do not fire on commands or links. */
export function proseOnly(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, (m) => ' '.repeat(m.length))
    .replace(/`[^`\n]*`/g, (m) => ' '.repeat(m.length))
    .replace(/\bhttps?:\/\/\S+/g, (m) => ' '.repeat(m.length));
}

export interface Sentence {
  text: string;
  start: number;
}

/**
 * Sentences end at . ! ? followed by whitespace and an upper-case letter, a digit or the end, so
 * "v2.3", "api.example.com" and "e.g. the pod" do not split; line breaks between lines also split.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  const re = /[.!?]+(?=\s+(?:[\p{Lu}\p{N}"'(\[@]|$))|[.!?]+$|\n\s*\n|\n(?=\s*[-*•]\s)/gu;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const before = text.slice(Math.max(0, m.index - 4), m.index).toLowerCase();
    // Common abbreviations are not sentence ends.
    if (/(?:^|\W)(?:e\.g|i\.e|etc|vs|approx|incl|no)$/.test(before) && m[0].startsWith('.')) continue;
    const end = m.index + m[0].length;
    pushSentence(out, text, start, end);
    start = end;
  }
  pushSentence(out, text, start, text.length);
  return out;
}

function pushSentence(out: Sentence[], text: string, start: number, end: number): void {
  const slice = text.slice(start, end);
  const lead = slice.length - slice.trimStart().length;
  const trimmed = slice.trim();
  if (trimmed) out.push({ text: trimmed, start: start + lead });
}

export interface Clause {
  text: string;
  start: number;
  /** True for the first clause of a sentence (its main subject position). */
  sentenceStart: boolean;
}

const CLAUSE_BREAK =
  /\s*(?:[,;()]|:(?!\d)|\s[\u2013\u2014-]\s)\s*|\s+(?=(?:and|but|so|because|since|while|when|whereas|after|before|until|once|then|which|as)\s)/giu;

/** Clauses of one sentence, split at punctuation and at conjunctions that start a new subject. */
export function splitClauses(sentence: Sentence): Clause[] {
  const out: Clause[] = [];
  let start = 0;
  let first = true;
  const push = (end: number) => {
    const slice = sentence.text.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const trimmed = slice.trim();
    if (trimmed) {
      out.push({ text: trimmed, start: sentence.start + start + lead, sentenceStart: first });
      first = false;
    }
  };
  for (const m of sentence.text.matchAll(CLAUSE_BREAK)) {
    push(m.index);
    start = m.index + m[0].length;
  }
  push(sentence.text.length);
  return out;
}

const STOPWORDS = new Set(
  `a an the and or but so of to in on at by for from with without into onto over under about as is are was were be been being
  it its this that these those there here then than which who whom whose what why how when where while because since due
  has have had do does did not no nor can could would should will shall may might must also just very only still even
  we our us they them their he she his her i me my you your one ones some any all each every both either neither such
  after before during until once again further more most other same own too s t don didn doesn isn wasn weren hasn haven hadn`
    .split(/\s+/)
    .filter(Boolean),
);

function stem(token: string): string {
  if (token.length <= 3 || /\d/.test(token)) return token;
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (token.endsWith(suffix) && token.length - suffix.length >= 3 && !(suffix === 's' && token.endsWith('ss'))) {
      let base = token.slice(0, -suffix.length);
      if (/([b-df-hj-np-tv-z])\1$/.test(base) && suffix !== 's') base = base.slice(0, -1);
      return base.replace(/e$/, '');
    }
  }
  return token.replace(/e$/, '');
}

/** Lower-cased, stemmed content words (stop words dropped), for overlap and similarity. */
export function contentTokens(text: string): string[] {
  const words = normalizeApostrophes(text.toLowerCase())
    .replace(/'s\b/g, '')
    .match(/[\p{L}\p{N}]+/gu);
  if (!words) return [];
  return words.filter((w) => !STOPWORDS.has(w)).map(stem);
}

export function tokenSet(text: string): Set<string> {
  return new Set(contentTokens(text));
}

/** Sørensen–Dice coefficient over two token sets: 2|A∩B| / (|A| + |B|). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const t of small) if (large.has(t)) shared += 1;
  return (2 * shared) / (a.size + b.size);
}

/** Share of `a`'s tokens that are not in `b` (what an answer adds beyond its question). */
export function novelty(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 0;
  let fresh = 0;
  for (const t of a) if (!b.has(t)) fresh += 1;
  return fresh / a.size;
}

export function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu) ?? []).length;
}

/** Cuts text at a word boundary near `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  const flat = collapseSpace(text);
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * What an answer claims, for the document: a long answer is cut to its first sentences (about
 * `max` characters), because the logs pasted after the claim belong in evidence, not in prose.
 */
export function leadSentences(text: string, max = 400): string {
  const flat = collapseSpace(text);
  if (flat.length <= max) return flat;
  const out: string[] = [];
  let length = 0;
  for (const s of splitSentences(flat)) {
    if (out.length > 0 && length + s.text.length > max) break;
    out.push(s.text);
    length += s.text.length + 1;
  }
  const joined = out.join(' ');
  return joined.length > max * 2 ? truncate(joined, max) : joined;
}
