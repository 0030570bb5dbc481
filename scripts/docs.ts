/**
 * Generates the lint-rule documentation from rule metadata: docs/rules/<id>-<alias>.md per rule,
 * docs/rules/README.md, and the skill reference served as postmortem://lint-rules. Run with
 * `npx tsx scripts/docs.ts` (npm run docs); test/unit/lint/docs.test.ts fails when the committed files drift.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ruleDocName, ruleUrl } from '../src/lint/engine.js';
import { RULES } from '../src/lint/registry.js';
import type { Rule } from '../src/lint/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const FIX_LABEL: Record<Rule['fixable'], string> = { auto: 'auto', suggestion: 'suggestion', none: '—' };
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function fence(text: string): string {
  return `\`\`\`\`markdown\n${text}\n\`\`\`\``;
}

function presetLabel(rule: Rule): string {
  if (rule.optIn) return 'opt-in';
  return rule.recommended ? 'recommended' : 'strict';
}

/** The rule table (Markdown), with links relative to `linkBase` (e.g. "docs/rules/" from the README). */
export function renderRuleTable(linkBase = 'docs/rules/'): string {
  const rows = RULES.map(
    (r) =>
      `| [${r.id}](${linkBase}${ruleDocName(r)}.md) | \`${r.alias}\` | ${r.tags[0] ?? ''} | ${r.defaultSeverity} | ${FIX_LABEL[r.fixable]} | ${presetLabel(r)} | ${cell(r.description)} |`,
  );
  const recommended = RULES.filter((r) => r.recommended && !r.optIn).length;
  return [
    `${RULES.length} rules, ${recommended} in \`recommended\` (the default); \`strict\` enables all but the opt-in ones.`,
    '',
    '| ID | Alias | Category | Severity | Fix | Preset | Checks |',
    '|----|-------|----------|----------|-----|--------|--------|',
    ...rows,
  ].join('\n');
}

export function renderRulePage(rule: Rule): string {
  return `# ${rule.id} ${rule.alias}

${rule.description}.

| | |
|---|---|
| Category | ${rule.tags.join(', ')} |
| Default severity | ${rule.defaultSeverity} |
| Preset | ${presetLabel(rule)} |
| Fix | ${rule.fixable === 'auto' ? 'auto (applied by `fix: true` / `--fix`)' : rule.fixable === 'suggestion' ? 'suggestion (shown, never applied automatically)' : 'none'} |

## Why

${rule.rationale}

## Failing

${rule.examples.fail.map(fence).join('\n\n')}

## Passing

${rule.examples.pass.map(fence).join('\n\n')}

## Configuration

Change the severity or turn the rule off by id or alias:

\`\`\`json
{ "rules": { "${rule.id}": "warning", "${rule.alias}": "off" } }
\`\`\`

Suppress one occurrence inline, with a reason:

\`\`\`markdown
<!-- postmortem-lint disable-next-line ${rule.id} -- why this is acceptable here -->
\`\`\`
`;
}

export function renderRulesReadme(): string {
  return `# Lint rules

Generated from rule metadata by \`scripts/docs.ts\` (\`npm run docs\`); do not edit by hand.

${renderRuleTable('./')}
`;
}

export function renderSkillReference(): string {
  return `# lint_postmortem rule reference

Generated from rule metadata by \`scripts/docs.ts\`; served as the resource \`postmortem://lint-rules\`.

\`lint_postmortem\` checks a postmortem written in the template: structure, header fields, timeline,
impact, blameless root cause, action-item quality, tone, leftover placeholders and pasted secrets.
The same checks run from the command line: \`postmortem-mcp lint FILE... [--format stylish|json|sarif|github] [--fix]\`.

- \`ready\` is true when no **error** remains; warnings and infos are advice.
- \`fix: true\` (or \`--fix\`) applies only safe fixes (Fix = auto); suggestions are shown, never applied.
- \`rules\` changes severities by rule id, alias or category: \`{"PM605": "off", "tone": "warning"}\`.
- \`preset: "strict"\` enables every rule except the opt-in ones.
- The \`checklist\` answers five review questions: every timeline row cites a source, impact is
  quantified, the root cause is systemic, action items are actionable, a reviewer other than the
  authors is listed.

## Inline directives

\`\`\`markdown
<!-- postmortem-lint disable PM605 PM606 -- reason -->  …  <!-- postmortem-lint enable -->
<!-- postmortem-lint disable-next-line PM605 -- reason -->
<!-- postmortem-lint disable-line PM605 -- reason -->
<!-- postmortem-lint ignore PM405 -- reason -->            (the next block)
<!-- postmortem-lint disable-file PM610 -- reason -->
\`\`\`

Rules by id or alias; no list means all rules. PM705 reports directives that name unknown rules,
suppress nothing, or give no \`-- reason\`.

## Rules

${renderRuleTable(ruleUrl({ id: 'X', alias: 'x' }).replace(/x-x\.md$/, ''))}
`;
}

/** Every generated file, path relative to the repository root -> content. */
export function generatedDocs(): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of RULES) files.set(`docs/rules/${ruleDocName(rule)}.md`, renderRulePage(rule));
  files.set('docs/rules/README.md', renderRulesReadme());
  files.set('skills/writing-postmortem/references/lint-rules.md', renderSkillReference());
  return files;
}

function main(): void {
  for (const [path, content] of generatedDocs()) {
    const full = join(ROOT, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  process.stderr.write(`docs: wrote ${generatedDocs().size} files\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
