// Guards architecture rule 10: the template is declared once (the skill's references) and the
// constants render/parse/lint use must match it, as must the copy inside SKILL.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderPostmortem } from '../../../src/postmortem/render.js';
import { PostmortemSchema } from '../../../src/postmortem/schema.js';
import { ACTION_HEADER, HEADER_FIELDS, IMPACT_FIELDS, SECTIONS, TIMELINE_HEADER, TITLE_PLACEHOLDER, TITLE_PREFIX } from '../../../src/postmortem/template.js';

const fenced = (file: string) => {
  const text = readFileSync(new URL(`../../../skills/writing-postmortem/${file}`, import.meta.url), 'utf8');
  const m = /```markdown\n([\s\S]*?)\n```/.exec(text);
  if (!m) throw new Error(`no fenced template in ${file}`);
  return m[1]!;
};

const template = fenced('references/template.md');

describe('template constants', () => {
  it('SKILL.md carries the same template as references/template.md', () => {
    expect(fenced('SKILL.md')).toBe(template);
  });

  it('title, header fields, sections and table headers match the template', () => {
    const lines = template.split('\n');
    expect(lines[0]).toBe(`# ${TITLE_PREFIX}${TITLE_PLACEHOLDER}`);
    const fields = lines.filter((l) => /^\*\*[^*]+:\*\*/.test(l)).map((l) => /^\*\*([^*]+):\*\* (.*)$/.exec(l)!.slice(1));
    expect(fields).toEqual(HEADER_FIELDS.map((f) => [f.label, f.placeholder]));
    expect(lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3))).toEqual(SECTIONS.map((s) => s.heading));
    expect(lines).toContain(`| ${TIMELINE_HEADER.join(' | ')} |`);
    expect(lines).toContain(`| ${ACTION_HEADER.join(' | ')} |`);
    const impact = lines.filter((l) => /^- \*\*[^*]+:\*\*/.test(l)).map((l) => /^- \*\*([^*]+):\*\* (.*)$/.exec(l)!.slice(1));
    expect(impact).toEqual(IMPACT_FIELDS.map((f) => [f.label, f.placeholder]));
    for (const s of SECTIONS.filter((x) => x.placeholder)) expect(template).toContain(s.placeholder);
  });

  it('an empty draft renders the template headings and fields in the same order', () => {
    const rendered = renderPostmortem(PostmortemSchema.parse({ title: '' })).split('\n');
    const structural = (ls: string[]) => ls.filter((l) => /^(#{1,2} |\*\*[^*]+:\*\*|- \*\*|\| (Time|Action) )/.test(l));
    expect(structural(rendered)).toEqual(structural(template.split('\n')));
  });
});
