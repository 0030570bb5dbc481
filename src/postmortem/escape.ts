/**
 * Escaping that keeps untrusted text (log lines, chat, model output) from breaking the document's
 * structure: a pipe cannot split a table cell, a line break cannot end a row, HTML cannot inject
 * tags or comments (lint directives!), and a leading `#` cannot start a heading. Each escape has an
 * exact inverse, used by parse(), so that parse(render(doc)) gives doc back.
 */

const ENTITY_LIKE = /&(?=#?[A-Za-z0-9]+;)/g;

/** `<` only opens HTML when a tag name, `/`, `!` or `?` follows; `<*>` (log templates) stays readable. */
function escapeHtml(text: string): string {
  return text.replace(ENTITY_LIKE, '&amp;').replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}

/** A GFM table cell: one line, pipes escaped (backslashes before a pipe doubled), HTML neutralised. */
export function escapeCell(text: string): string {
  return escapeHtml(text)
    .replace(/\r\n?|\n/g, '<br>')
    .replace(/(\\*)\|/g, (_m, bs: string) => `${bs}${bs}\\|`);
}

export function unescapeCell(raw: string): string {
  return raw
    .replace(/(\\+)\|/g, (_m, bs: string) => `${'\\'.repeat(Math.floor(bs.length / 2))}|`)
    .replace(/<br\s*\/?>|&lt;|&amp;(?=#?[A-Za-z0-9]+;)/gi, (m) => (m.toLowerCase().startsWith('<br') ? '\n' : m === '&lt;' ? '<' : '&'));
}

/** Inline text on one line (header values, list items). */
export function escapeInline(text: string): string {
  return escapeHtml(text).replace(/\r\n?|\n/g, ' ');
}

export function unescapeInline(raw: string): string {
  return raw.replace(/&lt;|&amp;(?=#?[A-Za-z0-9]+;)/g, (m) => (m === '&lt;' ? '<' : '&'));
}

/**
 * A block of paragraphs. Lines that Markdown would read as structure (headings, list markers, tables,
 * thematic breaks, setext underlines, fences, and a leading backslash itself) are escaped with a
 * backslash on their first character.
 */
const STRUCTURAL_LINE = /^(\s*)(\\|#|>|\||[-*+](?=\s|$)|\d+[.)](?=\s|$)|=+\s*$|-{2,}\s*$|`{3,}|~{3,})/;

export function escapeBlock(text: string): string {
  return escapeHtml(text)
    .split('\n')
    .map((line) => line.replace(STRUCTURAL_LINE, (_m, ws: string, marker: string) => `${ws}\\${marker}`))
    .join('\n');
}

export function unescapeBlock(raw: string): string {
  return unescapeInline(
    raw
      .split('\n')
      .map((line) => line.replace(/^(\s*)\\(\\|#|>|\||[-*+](?=\s|$)|\d+[.)](?=\s|$)|=+\s*$|-{2,}\s*$|`{3,}|~{3,})/, '$1$2'))
      .join('\n'),
  );
}
