/**
 * Regenerates the generated parts of README.md from metadata: the tools table (from the tool
 * definitions) and the lint-rule table (from the rule metadata). `npm run docs` writes them;
 * test/conventions/readme.test.ts fails when the committed README drifts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderRuleTable } from './docs.js';
import { allTools } from '../src/tools/index.js';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md');

/** Why each tool carries its hints (shown next to them, as the reference filesystem server does). */
const HINT_REASONS: Record<string, string> = {
  gather_timeline: 'reads exports and live systems, changes nothing; the same window gives the same timeline',
  five_whys: 'pure check of the chain you send',
  draft_postmortem: 'pure rendering of the arguments',
  lint_postmortem: 'pure check; `fix` returns the fixed text, it writes no file',
  save_to_bookstack: 'writes a page (or the local store), never deletes; saving again updates the same page',
};

const yes = (b: boolean) => (b ? 'yes' : 'no');

export function renderToolTable(): string {
  const rows = allTools.map((t) => {
    const what = t.description.split(/(?<=\.)\s/)[0]!.replace(/\|/g, '\\|');
    const a = t.annotations;
    return `| \`${t.name}\` | ${what} | ${yes(a.readOnlyHint)} | ${yes(a.destructiveHint)} | ${yes(a.idempotentHint)} | ${yes(a.openWorldHint)} | ${HINT_REASONS[t.name] ?? ''} |`;
  });
  return ['| tool | what it does | read-only | destructive | idempotent | open world | why these hints |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

export function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) throw new Error(`README.md lacks the ${start} … ${end} markers`);
  return `${text.slice(0, i + start.length)}\n${content}\n${text.slice(j)}`;
}

export function renderReadme(current: string): string {
  return replaceBetween(replaceBetween(current, 'tools', renderToolTable()), 'rules', renderRuleTable());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  writeFileSync(README, renderReadme(readFileSync(README, 'utf8')));
  process.stderr.write('README.md tables regenerated\n');
}
