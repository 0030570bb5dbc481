/**
 * Gathered text is untrusted data: control characters go, lines are cut to a budget, and secrets
 * are masked before anything is returned (design/timeline.md §1).
 */
import { redact } from '../redact/index.js';

// C0 (except tab/newline), DEL, C1, bidi overrides and zero-width characters that can hide text.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export const TITLE_MAX = 160;
export const BODY_MAX = 600;
export const EXAMPLE_MAX = 300;

export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Never leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** One line: control characters removed, whitespace folded, secrets masked, cut to `max`. */
export function cleanLine(text: string, max = TITLE_MAX): string {
  const flat = stripControl(text.replace(/\s+/g, ' ')).trim();
  // Redact before truncating so a cut can never leave a recognisable secret prefix unmasked.
  return truncate(redact(flat).text, max);
}

/** Multi-line text (bodies): line breaks kept, other control characters removed. */
export function cleanBlock(text: string, max = BODY_MAX): string {
  const normalised = stripControl(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ')).replace(/\n{3,}/g, '\n\n').trim();
  return truncate(redact(normalised).text, max);
}

/** Minimal HTML to text for Grafana annotation text and Matrix formatted bodies. */
export function htmlToText(text: string): string {
  return text
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<[^>]{0,200}>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
