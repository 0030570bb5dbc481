/** Tags that may appear as inline HTML in Markdown and are not placeholders (PM701). */
export const PLACEHOLDER_HTML_TAGS: ReadonlySet<string> = new Set([
  'a', 'abbr', 'b', 'br', 'code', 'del', 'details', 'div', 'em', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub',
  'summary', 'sup', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'u', 'ul', 'var', 'wbr', 'picture', 'source', 'video', 'audio', 'figure', 'figcaption', 'center', 'font', 'dl', 'dt', 'dd',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'cite', 'time', 'caption', 'section', 'article', 'aside', 'header', 'footer', 'nav', 'main', 'iframe', 'script', 'style', 'link', 'meta',
]);

/** An HTML comment that is a template instruction to the author, not a note or a directive (PM701). */
export const PLACEHOLDER_INSTRUCTION =
  /^(?:todo|fixme|tbd|describe|fill(?: in| out)?|add |list |replace|write|insert|explain|include|enter|provide|summari[sz]e|e\.g\.|example:|instructions?\b|template\b|delete this|remove this)/i;
