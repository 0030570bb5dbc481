/** Output formats (issue 4): stylish, json, github annotations and SARIF 2.1.0 per design/lint-rules.md §5. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../src/lint/engine.js';
import { formatGithub, formatJson, formatSarif, formatStylish, type FileResult } from '../../../src/lint/format/index.js';
import { RULES } from '../../../src/lint/registry.js';

const BASE = readFileSync(join(import.meta.dirname, '../../fixtures/lint/corpus/expired-tls-certificate.md'), 'utf8');
const BAD = BASE.replace('**Severity:** P2', '**Severity:** sev-2')
  .replace('**Status:** Resolved', '**Status:** Done')
  .replace('**Duration:** 00:32 (detection to resolution)', '<!-- postmortem-lint disable-next-line PM104 -- copied from the partner report -->\n**Duration:** about half an hour');

function files(md = BAD, opts = {}): FileResult[] {
  return [{ file: 'postmortems/2024-11-04-partner-tls.md', source: md, result: lintMarkdown(md, opts) }];
}

describe('stylish', () => {
  it('lists file, positions, severity, message, rule and a summary line', () => {
    const out = formatStylish(files());
    const lines = out.split('\n');
    expect(lines[0]).toBe('postmortems/2024-11-04-partner-tls.md');
    expect(out).toMatch(/^ {2}\d+:\d+-\d+:\d+ +error {4}Unexpected severity "sev-2".* PM105 severity-value \(fixable\)$/m);
    expect(lines[lines.length - 1]).toMatch(/^✖ 2 errors, 0 warnings \(1 fixable with fix: true\)$/);
    expect(formatStylish(files(BASE))).toBe('✔ No problems');
  });
});

describe('json', () => {
  it('is the lint result with the file name', () => {
    const parsed = JSON.parse(formatJson(files())) as { file: string; ready: boolean; diagnostics: unknown[] };
    expect(parsed.file).toBe('postmortems/2024-11-04-partner-tls.md');
    expect(parsed.ready).toBe(false);
    expect(parsed.diagnostics.length).toBe(2);
    expect(Array.isArray(JSON.parse(formatJson([...files(), ...files(BASE)])))).toBe(true);
  });
});

describe('github', () => {
  it('writes workflow-command annotations with escaped properties', () => {
    const lines = formatGithub(files()).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::error file=postmortems\/2024-11-04-partner-tls\.md,line=6,col=\d+,endColumn=\d+,title=PM105 severity-value::Unexpected severity/);
    const odd = formatGithub([{ file: 'a,b:c.md', source: BAD, result: lintMarkdown(BAD) }]);
    expect(odd).toContain('file=a%2Cb%3Ac.md');
    const info = formatGithub(files(BASE, { preset: 'strict' }));
    expect(info.split('\n').every((l) => l.startsWith('::notice '))).toBe(true);
  });
});

describe('SARIF 2.1.0', () => {
  const log = JSON.parse(formatSarif(files(BAD, { reportSuppressed: true }))) as Sarif.Log;
  const run = log.runs[0] as Sarif.Run;
  const results = run.results ?? [];

  it('has the required top-level, tool and run properties', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(run.tool.driver.name).toBe('lint_postmortem');
    expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.tool.driver.informationUri).toMatch(/^https:\/\//);
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('describes every rule with id, PascalCase name, descriptions, helpUri, level and tags', () => {
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    for (const r of rules) {
      expect(r.id).toMatch(/^PM\d{3}$/);
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(r.shortDescription?.text).toBeTruthy();
      expect(r.fullDescription?.text).toBeTruthy();
      expect(r.helpUri).toMatch(/^https:\/\/github\.com\/postmortem-mcp\/postmortem-mcp\/blob\/main\/docs\/rules\/pm\d{3}-/);
      expect(r.help?.markdown).toBeTruthy();
      expect(['none', 'note', 'warning', 'error']).toContain(r.defaultConfiguration?.level);
      expect((r.properties?.tags as string[])[0]).toBe('postmortem');
    }
    const pm105 = rules.find((r) => r.id === 'PM105');
    expect(pm105?.name).toBe('SeverityValue');
    for (const id of ['PM702', 'PM703']) {
      const r = rules.find((x) => x.id === id);
      if (!r) continue;
      expect(r.properties?.tags).toContain('security');
      expect(r.properties?.['security-severity']).toBe('7.5');
    }
  });

  it('maps results with ruleIndex, level, message, region, fingerprints and fixes', () => {
    const rules = run.tool.driver.rules ?? [];
    expect(results.length).toBe(3);
    for (const r of results) {
      expect(r.message.text).toBeTruthy();
      expect(rules[r.ruleIndex ?? -1]?.id).toBe(r.ruleId);
      expect(['none', 'note', 'warning', 'error']).toContain(r.level);
      const loc = r.locations?.[0]?.physicalLocation;
      expect(loc?.artifactLocation?.uri).toBe('postmortems/2024-11-04-partner-tls.md');
      expect(loc?.region?.startLine).toBeGreaterThanOrEqual(1);
      expect(loc?.region?.endColumn).toBeGreaterThan(loc?.region?.startColumn ?? 0);
      expect(loc?.region?.snippet).toBeUndefined();
      expect(r.partialFingerprints?.['postmortemLint/v1']).toMatch(/^[0-9a-f]{16}$/);
    }
    const sev = results.find((r) => r.ruleId === 'PM105');
    const change = sev?.fixes?.[0]?.artifactChanges[0];
    expect(change?.artifactLocation.uri).toBe('postmortems/2024-11-04-partner-tls.md');
    const rep = change?.replacements[0];
    expect(rep?.insertedContent?.text).toBe('P2');
    expect(rep?.deletedRegion.startLine).toBe(sev?.locations?.[0]?.physicalLocation?.region?.startLine);
    expect(BAD.slice(rep?.deletedRegion.charOffset ?? 0, (rep?.deletedRegion.charOffset ?? 0) + (rep?.deletedRegion.charLength ?? 0))).toBe('sev-2');
  });

  it('marks inline-disabled results as inSource suppressions with the justification', () => {
    const suppressed = results.find((r) => r.ruleId === 'PM104');
    expect(suppressed?.suppressions).toEqual([{ kind: 'inSource', justification: 'copied from the partner report' }]);
    expect(results.filter((r) => r.suppressions).length).toBe(1);
  });

  it('writes suggestions as extra fixes described "Suggestion: …"', () => {
    const md = BASE.replace('**Status:** Resolved', '**Status:** Mitigated');
    const r = (JSON.parse(formatSarif(files(md))) as Sarif.Log).runs[0]?.results?.find((x) => x.ruleId === 'PM106');
    expect(r?.fixes?.[0]?.description?.text).toMatch(/^Suggestion: /);
  });
});
