/**
 * SARIF 2.1.0 (design/lint-rules.md §5) for code-scanning upload: the full rule catalogue with help
 * URIs, fixes as replacements, stable partial fingerprints and in-source suppressions.
 */
import type * as Sarif from 'sarif';
import { SourceMap } from '../../postmortem/parse.js';
import { ruleUrl } from '../engine.js';
import { RULES } from '../registry.js';
import type { Diagnostic, Rule, Severity, TextEdit } from '../types.js';
import type { FileResult } from './index.js';

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };
const SECURITY_RULES = new Set(['PM702', 'PM703']);
const HEURISTIC_RULES = new Set(['PM506', 'PM603', 'PM605', 'PM607', 'PM610', 'PM704']);
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const pascal = (alias: string): string => alias.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

function helpMarkdown(rule: Rule): string {
  const ex = (list: string[]) => list.map((e) => `\n\`\`\`markdown\n${e}\n\`\`\``).join('\n');
  return `**${rule.id} ${rule.alias}**: ${rule.description}.\n\n${rule.rationale}\n\nFailing:\n${ex(rule.examples.fail)}\n\nPassing:\n${ex(rule.examples.pass)}\n\n[Documentation](${ruleUrl(rule)})`;
}

function descriptor(rule: Rule): Sarif.ReportingDescriptor {
  const tags = ['postmortem', rule.tags[0] ?? 'structure'];
  const properties: Sarif.PropertyBag = { tags, precision: HEURISTIC_RULES.has(rule.id) || rule.defaultSeverity === 'info' ? 'medium' : 'high' };
  if (SECURITY_RULES.has(rule.id)) {
    tags.push('security');
    properties['security-severity'] = '7.5';
  }
  return {
    id: rule.id,
    name: pascal(rule.alias),
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.rationale },
    helpUri: ruleUrl(rule),
    help: { text: `${rule.description}. ${rule.rationale}`, markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity], enabled: rule.recommended },
    properties,
  };
}

function regionOf(map: SourceMap, start: number, end: number): Sarif.Region {
  const s = map.point(start);
  const e = map.point(end);
  return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column, charOffset: start, charLength: end - start };
}

function replacements(map: SourceMap, edits: readonly TextEdit[]): Sarif.Replacement[] {
  return edits.map((e) => ({ deletedRegion: regionOf(map, e.start, e.end), insertedContent: { text: e.newText } }));
}

function uriOf(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

function result(d: Diagnostic, uri: string, map: SourceMap): Sarif.Result {
  const ruleIndex = RULES.findIndex((r) => r.id === d.ruleId);
  const fixes: Sarif.Fix[] = [];
  if (d.fix) fixes.push({ description: { text: d.fix.description }, artifactChanges: [{ artifactLocation: { uri }, replacements: replacements(map, d.fix.edits) }] });
  if (d.suggestion?.edits?.length) {
    fixes.push({
      description: { text: `Suggestion: ${d.suggestion.description}` },
      artifactChanges: [{ artifactLocation: { uri }, replacements: replacements(map, d.suggestion.edits) }],
    });
  }
  const r: Sarif.Result = {
    ruleId: d.ruleId,
    ...(ruleIndex >= 0 ? { ruleIndex } : {}),
    level: LEVEL[d.severity],
    message: { text: d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri },
          region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
        },
      },
    ],
    partialFingerprints: { 'postmortemLint/v1': d.fingerprint ?? '' },
    properties: { section: d.section ?? null, category: d.category ?? null },
  };
  if (fixes.length) r.fixes = fixes;
  if (d.suppressed) r.suppressions = [{ kind: 'inSource', ...(d.suppressed.justification ? { justification: d.suppressed.justification } : {}) }];
  return r;
}

export function formatSarif(files: readonly FileResult[], options: { version?: string } = {}): string {
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lint_postmortem',
            version: options.version ?? '0.1.0',
            informationUri: 'https://github.com/postmortem-mcp/postmortem-mcp',
            rules: RULES.map(descriptor),
          },
        },
        columnKind: 'utf16CodeUnits',
        artifacts: files.map(({ file }) => ({ location: { uri: uriOf(file) } })),
        results: files.flatMap(({ file, source, result: res }) => {
          const map = new SourceMap(source);
          return res.diagnostics.map((d) => result(d, uriOf(file), map));
        }),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}
