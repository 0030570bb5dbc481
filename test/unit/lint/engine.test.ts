/** Engine behaviour (issue 4): presets and overrides, directives, fixes, ordering, fingerprints, checklist. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors.js';
import { applyEdits, lintMarkdown, ruleUrl } from '../../../src/lint/engine.js';
import { RULES } from '../../../src/lint/registry.js';

const BASE = readFileSync(join(import.meta.dirname, '../../fixtures/lint/corpus/expired-tls-certificate.md'), 'utf8');
const ids = (md: string, opts = {}) => lintMarkdown(md, opts).diagnostics.map((d) => d.ruleId);
const withSeverity = (md: string, v: string) => md.replace('**Severity:** P2', `**Severity:** ${v}`);

describe('presets and severity overrides', () => {
  it('recommended runs only recommended rules; strict runs all but opt-in ones', () => {
    const md = BASE.replace('**Reviewers:** Team Integrations, Omar Haddad (security)\n', '');
    expect(ids(md)).toContain('PM101');
    // PM605 (narrative-passive) is strict-only and the document has passive sentences
    expect(ids(BASE)).not.toContain('PM605');
    expect(ids(BASE, { preset: 'strict' })).toContain('PM605');
  });

  it('overrides by id, alias and tag, with the most specific winning', () => {
    const md = withSeverity(BASE, 'High');
    const sev = (opts: object) => lintMarkdown(md, opts).diagnostics.find((d) => d.ruleId === 'PM105')?.severity;
    expect(sev({})).toBe('error');
    expect(sev({ rules: { PM105: 'warning' } })).toBe('warning');
    expect(sev({ rules: { 'severity-value': 'info' } })).toBe('info');
    expect(sev({ rules: { fields: 'off' } })).toBeUndefined();
    expect(sev({ rules: { fields: 'off', PM105: 'error' } })).toBe('error');
    expect(lintMarkdown(md, { rules: { PM105: 'warning' } }).ready).toBe(true);
  });

  it('rejects unknown rule keys and settings with a UserInputError naming the key', () => {
    expect(() => lintMarkdown(BASE, { rules: { PM999: 'off' } })).toThrow(UserInputError);
    expect(() => lintMarkdown(BASE, { rules: { PM999: 'off' } })).toThrow(/PM999/);
    expect(() => lintMarkdown(BASE, { rules: { PM105: 'loud' as never } })).toThrow(/off, info, warning or error/);
  });
});

describe('diagnostics', () => {
  it('carry the docs URL, 1-based positions from offsets, and are sorted by position', () => {
    const md = withSeverity(BASE, 'High').replace('**Status:** Resolved', '**Status:** Done');
    const r = lintMarkdown(md);
    const d = r.diagnostics.find((x) => x.ruleId === 'PM105');
    expect(d?.url).toBe('https://github.com/postmortem-mcp/postmortem-mcp/blob/main/docs/rules/pm105-severity-value.md');
    expect(d?.line).toBe(5);
    expect(d?.column).toBe('**Severity:** '.length + 1);
    expect(d?.endColumn).toBe('**Severity:** High'.length + 1);
    const offsets = r.diagnostics.map((x) => x.offset ?? 0);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(r.summary.errors).toBe(2);
    expect(r.ready).toBe(false);
    for (const rule of RULES) expect(ruleUrl(rule)).toMatch(/\/docs\/rules\/pm\d{3}-[a-z0-9-]+\.md$/);
  });

  it('fingerprints stay the same when lines shift', () => {
    const md = withSeverity(BASE, 'High');
    const a = lintMarkdown(md).diagnostics.find((d) => d.ruleId === 'PM105');
    const b = lintMarkdown(`<!-- a note -->\n\n${md}`).diagnostics.find((d) => d.ruleId === 'PM105');
    expect(a?.line).not.toBe(b?.line);
    expect(a?.fingerprint).toBe(b?.fingerprint);
    expect(a?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('never throws on a non-postmortem document', () => {
    for (const md of ['', '\n', '# x', '| a |\n|---|\n| b |', '<!--', '```\n## Timeline\n```', '\u0000\u0001']) {
      const r = lintMarkdown(md, { preset: 'strict', fix: true });
      expect(r.summary.errors).toBeGreaterThan(0);
    }
  });
});

describe('fixes', () => {
  it('applyEdits applies in reverse order and skips overlaps', () => {
    expect(applyEdits('abcdef', [{ start: 0, end: 1, newText: 'X' }, { start: 4, end: 6, newText: 'YZ!' }])).toBe('XbcdYZ!');
    expect(applyEdits('abcdef', [{ start: 1, end: 4, newText: '1' }, { start: 2, end: 5, newText: '2' }])).toBe('ab2f');
    expect(applyEdits('abc', [{ start: 1, end: 1, newText: 'x' }, { start: 1, end: 1, newText: 'y' }]).length).toBe(4);
  });

  it('fix: true returns the document with every safe fix applied, and nothing else changed', () => {
    const md = withSeverity(BASE, 'sev-2').replace('**Date:** 2024-11-04', '**Date:** 2024/11/04').replace('## Root Cause\n', '## Root cause analysis\n');
    const r = lintMarkdown(md, { fix: true });
    expect(r.summary.fixable).toBe(3);
    expect(r.fixed).toBe(BASE);
    expect(lintMarkdown(md).fixed).toBeUndefined();
  });

  it('never applies a suggestion', () => {
    const md = BASE.replace('**Status:** Resolved', '**Status:** Mitigated');
    const r = lintMarkdown(md, { fix: true });
    const d = r.diagnostics.find((x) => x.ruleId === 'PM106');
    expect(d?.suggestion?.edits?.length).toBe(1);
    expect(d?.fix).toBeUndefined();
    expect(r.fixed).toBe(md);
  });
});

describe('inline directives', () => {
  const bad = BASE.replace('**Severity:** P2', '**Severity:** High');
  const before = (md: string, anchor: string, comment: string) => md.replace(anchor, `${comment}\n${anchor}`);

  it('disable-next-line by id or alias suppresses only that line, with a reason', () => {
    for (const name of ['PM105', 'severity-value']) {
      const md = before(bad, '**Severity:**', `<!-- postmortem-lint disable-next-line ${name} -- legacy scale agreed with the partner team -->`);
      const r = lintMarkdown(md);
      expect(r.diagnostics.map((d) => d.ruleId)).not.toContain('PM105');
      expect(r.diagnostics.map((d) => d.ruleId)).not.toContain('PM705');
    }
  });

  it('disable … enable covers a range; disable-file covers everything; noInlineConfig ignores both', () => {
    const ranged = before(before(bad, '**Severity:**', '<!-- postmortem-lint disable PM105 -- legacy scale -->'), '**Status:**', '<!-- postmortem-lint enable PM105 -->');
    expect(ids(ranged)).not.toContain('PM105');
    const file = `${bad}\n<!-- postmortem-lint disable-file severity-value -- legacy scale -->\n`;
    expect(ids(file)).not.toContain('PM105');
    expect(ids(file, { noInlineConfig: true })).toContain('PM105');
    expect(ids(file, { noInlineConfig: true })).not.toContain('PM705');
  });

  it('ignore covers the next block only', () => {
    const md = BASE.replace('- **Data loss:** None (partners retried queued submissions within 2 hours)', '- **Data loss:** TBD');
    expect(ids(md)).toContain('PM303');
    const ignored = md.replace('## Impact\n\n', '## Impact\n\n<!-- postmortem-lint ignore PM303 -- confirmed by finance on Friday -->\n');
    expect(ids(ignored)).not.toContain('PM303');
    expect(ids(ignored)).not.toContain('PM705');
  });

  it('disable-line works for a comment on the same line', () => {
    const md = bad.replace('**Severity:** High', '**Severity:** High <!-- postmortem-lint disable-line PM105 -- partner scale -->');
    // the comment is part of the value now, so PM105 still reads a bad value, but on a suppressed line
    expect(ids(md)).not.toContain('PM105');
  });

  it('reports suppressed diagnostics with their justification when asked (SARIF)', () => {
    const md = before(bad, '**Severity:**', '<!-- postmortem-lint disable-next-line PM105 -- legacy scale -->');
    const r = lintMarkdown(md, { reportSuppressed: true });
    const d = r.diagnostics.find((x) => x.ruleId === 'PM105');
    expect(d?.suppressed).toEqual({ kind: 'inSource', justification: 'legacy scale' });
    expect(r.summary.errors).toBe(0);
  });

  it('PM705 reports unknown rules, unknown kinds, missing reasons and unused directives', () => {
    const md = `${BASE}\n<!-- postmortem-lint disable PM999 -- typo -->\n\n<!-- postmortem-lint disabel PM105 -->\n\n<!-- postmortem-lint disable-next-line PM105 -->\n\nplain text\n`;
    const msgs = lintMarkdown(md).diagnostics.filter((d) => d.ruleId === 'PM705').map((d) => d.message);
    expect(msgs.some((m) => m.includes('unknown rule "PM999"'))).toBe(true);
    expect(msgs.some((m) => m.includes('Unknown directive "disabel"'))).toBe(true);
    expect(msgs.some((m) => m.includes('no reason'))).toBe(true);
    expect(msgs.some((m) => m.includes('suppresses nothing'))).toBe(true);
    const relaxed = lintMarkdown(md, { ruleOptions: { PM705: { requireReason: false } } }).diagnostics.filter((d) => d.ruleId === 'PM705');
    expect(relaxed.some((d) => d.message.includes('no reason'))).toBe(false);
  });
});

describe('checklist', () => {
  it('turns false for the part that is missing', () => {
    expect(lintMarkdown(BASE).checklist).toEqual({ timelineEvidence: true, impactQuantified: true, rootCauseSystemic: true, actionItemsActionable: true, reviewersListed: true });
    const noSource = BASE.replace(' (source: crt.sh entry 9912345)', '');
    expect(lintMarkdown(noSource).checklist.timelineEvidence).toBe(false);
    const selfReview = BASE.replace('**Reviewers:** Team Integrations, Omar Haddad (security)', '**Reviewers:** Grace Liu');
    expect(lintMarkdown(selfReview).checklist.reviewersListed).toBe(false);
    const vague = BASE.replace('- **Users affected:** 14 partner integrations; ~3,100 order submissions delayed', '- **Users affected:** some partners');
    expect(lintMarkdown(vague, { rules: { impact: 'off' } }).checklist.impactQuantified).toBe(false);
  });
});
