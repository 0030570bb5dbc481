/**
 * Generated rule docs must match the committed files (architecture rule 8, issue 4). After changing
 * rule metadata run `npx tsx scripts/docs.ts` (npm run docs).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDocs, renderRuleTable } from '../../../scripts/docs.js';
import { RULES } from '../../../src/lint/registry.js';

const ROOT = join(import.meta.dirname, '../../..');

describe('rule docs', () => {
  const files = generatedDocs();

  it.each([...files.keys()])('%s is up to date', (path) => {
    const full = join(ROOT, path);
    expect(existsSync(full), `${path} missing; run npx tsx scripts/docs.ts`).toBe(true);
    expect(readFileSync(full, 'utf8'), `${path} drifted; run npx tsx scripts/docs.ts`).toBe(files.get(path));
  });

  it('has no stale rule page', () => {
    const pages = readdirSync(join(ROOT, 'docs/rules')).filter((f) => f !== 'README.md');
    expect(pages.sort()).toEqual([...files.keys()].filter((p) => p.startsWith('docs/rules/pm')).map((p) => p.slice('docs/rules/'.length)).sort());
  });

  it('every rule page shows failing and passing examples', () => {
    for (const rule of RULES) {
      expect(rule.examples.fail.length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.pass.length, rule.id).toBeGreaterThan(0);
    }
  });

  it('the README table has one row per rule', () => {
    const table = renderRuleTable();
    expect(table.split('\n').filter((l) => l.startsWith('| [PM')).length).toBe(RULES.length);
  });
});
