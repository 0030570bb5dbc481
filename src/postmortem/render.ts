/**
 * Document model -> Markdown in the skill's exact template. Missing parts are written as the
 * template's own placeholders, so they stay visible and lint (PM701) reports them.
 */
import { escapeBlock, escapeCell, escapeInline } from './escape.js';
import type { Postmortem } from './schema.js';
import {
  ACTION_HEADER,
  ACTION_PLACEHOLDER_ROW,
  HEADER_FIELDS,
  IMPACT_FIELDS,
  SECTIONS,
  TIMELINE_HEADER,
  TIMELINE_PLACEHOLDER_ROW,
  TITLE_PLACEHOLDER,
  TITLE_PREFIX,
  type HeaderKey,
  type SectionKey,
} from './template.js';

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function separator(header: readonly string[]): string {
  return `|${header.map((h) => '-'.repeat(h.length + 2)).join('|')}|`;
}

function headerValue(doc: Postmortem, key: HeaderKey): string | undefined {
  switch (key) {
    case 'authors':
      return doc.authors.length > 0 ? doc.authors.map(escapeInline).join(', ') : undefined;
    case 'reviewers':
      return doc.reviewers.length > 0 ? doc.reviewers.map(escapeInline).join(', ') : undefined;
    default: {
      const value = doc[key];
      return value ? escapeInline(value) : undefined;
    }
  }
}

function timelineCell(event: string, source: string | undefined): string {
  // An event that itself ends like a source suffix is escaped so parse() does not split it.
  const text = escapeCell(event).replace(/ \(source: ((?:[^()\\]|\\.)*)\)$/, ' \\(source: $1)');
  if (!source) return text;
  // Parentheses and backslashes first, so escapeCell's pipe escapes stay intact.
  const ref = escapeCell(source.replace(/[()\\]/g, (c) => `\\${c}`));
  return `${text} (source: ${ref})`;
}

function bullets(items: readonly string[], placeholder: string): string {
  if (items.length === 0) return `- ${placeholder}`;
  return items.map((item) => `- ${escapeInline(item)}`).join('\n');
}

function section(doc: Postmortem, key: SectionKey, placeholder: string): string {
  switch (key) {
    case 'summary':
    case 'rootCause':
    case 'lessons': {
      const text = doc[key];
      return text ? escapeBlock(text) : placeholder;
    }
    case 'timeline': {
      const rows =
        doc.timeline.length > 0
          ? doc.timeline.map((row) => tableRow([escapeCell(row.time), timelineCell(row.event, row.source)]))
          : [tableRow([TIMELINE_PLACEHOLDER_ROW.time, TIMELINE_PLACEHOLDER_ROW.event])];
      return [tableRow(TIMELINE_HEADER), separator(TIMELINE_HEADER), ...rows].join('\n');
    }
    case 'impact':
      return IMPACT_FIELDS.map(({ key: k, label, placeholder: p }) => {
        const value = doc.impact[k];
        return `- **${label}:** ${value ? escapeInline(value) : p}`;
      }).join('\n');
    case 'contributingFactors':
    case 'wentWell':
    case 'wentPoorly':
      return bullets(doc[key], placeholder);
    case 'actionItems': {
      const rows =
        doc.actionItems.length > 0
          ? doc.actionItems.map((a) => tableRow([a.action, a.owner, a.due, a.priority].map(escapeCell)))
          : [tableRow([ACTION_PLACEHOLDER_ROW.action, ACTION_PLACEHOLDER_ROW.owner, ACTION_PLACEHOLDER_ROW.due, ACTION_PLACEHOLDER_ROW.priority])];
      return [tableRow(ACTION_HEADER), separator(ACTION_HEADER), ...rows].join('\n');
    }
  }
}

export function renderPostmortem(doc: Postmortem): string {
  const lines: string[] = [];
  lines.push(`# ${TITLE_PREFIX}${doc.title ? escapeInline(doc.title) : TITLE_PLACEHOLDER}`, '');
  for (const field of HEADER_FIELDS) {
    lines.push(`**${field.label}:** ${headerValue(doc, field.key) ?? field.placeholder}`);
  }
  for (const { key, heading, placeholder } of SECTIONS) {
    lines.push('', `## ${heading}`, '', section(doc, key, placeholder));
  }
  return `${lines.join('\n')}\n`;
}
