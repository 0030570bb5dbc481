/** parsePostmortem on hand-edited documents (issue 4): tolerant reading, positions, placeholders as absent. */
import { describe, expect, it } from 'vitest';
import { parsePostmortem, splitRow } from '../../../src/postmortem/parse.js';
import { renderPostmortem } from '../../../src/postmortem/render.js';
import { PostmortemSchema } from '../../../src/postmortem/schema.js';

describe('parsePostmortem', () => {
  it('reads a hand-edited document: list header fields, hard breaks, reordered and renamed sections', () => {
    const md = [
      '# Postmortem: Disk full on db-1',
      '',
      '- **Date:** 2024-03-05  ',
      '- **Severity**: P3',
      '**Author(s):** Sam Lee, Priya N  ',
      '',
      '## Root cause',
      '',
      'The volume filled up.',
      '',
      '## Timeline',
      '',
      '| Time (UTC) | Event |',
      '|---|---|',
      '| 14:05 | Alert fired (source: alertmanager DiskFull) |',
      '| 14:10 | a \\| b |',
      '',
      '## Extra notes',
      '',
      'Something else.',
      '',
      '<!-- postmortem-lint disable PM605 -- quoted -->',
      '',
    ].join('\n');
    const p = parsePostmortem(md);
    expect(p.fields.map((f) => [f.key, f.value.text])).toEqual([
      ['date', '2024-03-05'],
      ['severity', 'P3'],
      ['authors', 'Sam Lee, Priya N'],
    ]);
    expect(p.fields[0]?.value.span.start).toEqual({ line: 3, column: 13, offset: md.indexOf('2024-03-05') });
    expect(p.sections.map((s) => [s.key, s.heading.text])).toEqual([
      ['rootCause', 'Root cause'],
      ['timeline', 'Timeline'],
      [null, 'Extra notes'],
    ]);
    expect(p.model.rootCause).toBe('The volume filled up.');
    expect(p.model.authors).toEqual(['Sam Lee', 'Priya N']);
    expect(p.model.timeline).toEqual([
      { time: '14:05', event: 'Alert fired', source: 'alertmanager DiskFull' },
      { time: '14:10', event: 'a | b' },
    ]);
    expect(p.timeline[0]?.event.span.start.line).toBe(15);
    expect(p.comments.map((c) => c.text)).toEqual(['postmortem-lint disable PM605 -- quoted']);
    expect(p.titles.map((t) => t.text)).toEqual(['Postmortem: Disk full on db-1']);
    expect(p.model.title).toBe('Disk full on db-1');
  });

  it('reads template placeholders as absent', () => {
    const p = parsePostmortem(renderPostmortem(PostmortemSchema.parse({ title: '' })));
    expect(p.model).toEqual(PostmortemSchema.parse({ title: '' }));
    expect(p.sections).toHaveLength(9);
    expect(p.timeline).toHaveLength(1);
    expect(p.actionItems).toHaveLength(1);
  });

  it('maps action columns by header name, including an extra Type column', () => {
    const md = '## Action Items\n\n| Owner | Action | Priority | Due Date | Type |\n|---|---|---|---|---|\n| @ana | Add alert | P1 | 2024-03-09 | detect |\n';
    expect(parsePostmortem(md).model.actionItems).toEqual([{ action: 'Add alert', owner: '@ana', due: '2024-03-09', priority: 'P1', type: 'detect' }]);
  });

  it('reads hand-written action headers by their synonyms (Due, Assignee, Task, **bold**)', () => {
    const md = '## Action Items\n\n| Task | **Assignee** | Prio | Due |\n|---|---|---|---|\n| Add alert | @ana | P1 | 2024-03-09 |\n';
    expect(parsePostmortem(md).model.actionItems).toEqual([{ action: 'Add alert', owner: '@ana', due: '2024-03-09', priority: 'P1' }]);
  });

  it('reads a timeline by its header: a Source column, or columns in another order', () => {
    const withSource = parsePostmortem('## Timeline\n\n| Time (UTC) | Source | Event |\n|---|---|---|\n| 14:02 | alertmanager | Alert fired |\n');
    expect(withSource.timeline.map((r) => [r.time.text, r.event.text, r.source])).toEqual([['14:02', 'Alert fired', 'alertmanager']]);
    const swapped = parsePostmortem('## Timeline\n\n| Event | When |\n|---|---|\n| Alert fired | 14:02 |\n');
    expect(swapped.timeline.map((r) => [r.time.text, r.event.text])).toEqual([['14:02', 'Alert fired']]);
    const unknown = parsePostmortem('## Timeline\n\n| T | E |\n|---|---|\n| 14:02 | Alert fired |\n');
    expect(unknown.timeline.map((r) => [r.time.text, r.event.text])).toEqual([['14:02', 'Alert fired']]);
  });

  it('splits table rows like GFM (escaped pipes, optional outer pipes)', () => {
    const cells = (row: string) => splitRow(row, 0, row.length).map(([s, e]) => row.slice(s, e).trim());
    expect(cells('| a | b \\| c | d |')).toEqual(['a', 'b \\| c', 'd']);
    expect(cells('a | b')).toEqual(['a', 'b']);
    expect(cells('| a \\\\| b |')).toEqual(['a \\\\', 'b']);
  });

  it('handles CRLF line endings and an empty document', () => {
    const p = parsePostmortem('# Postmortem: X\r\n\r\n**Date:** 2024-03-05\r\n\r\n## Executive Summary\r\n\r\nOne. Two.\r\n');
    expect(p.model.date).toBe('2024-03-05');
    expect(p.model.summary).toBe('One. Two.');
    expect(parsePostmortem('').model).toEqual(PostmortemSchema.parse({ title: '' }));
  });
});
