/**
 * Fixture runner (issue 4): every test/fixtures/lint/rules/*.md declares its expected findings in a
 * trailing `<!-- expect … -->` block (format in test/fixtures/lint/README.md). found == expected for
 * the compared rules; then the fixed text must have no remaining fixable finding of those rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../src/lint/engine.js';
import { RULES } from '../../../src/lint/registry.js';

const DIR = join(import.meta.dirname, '../../fixtures/lint/rules');
const files = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

interface Fixture {
  rules: string[] | null;
  preset: 'recommended' | 'strict';
  expected: string[];
}

function readFixture(text: string): Fixture {
  const head = /^<!-- fixture ([^\n]*?)-->/.exec(text);
  let rules: string[] | null = null;
  let preset: Fixture['preset'] = 'strict';
  if (head) {
    for (const part of (head[1] ?? '').trim().split(/\s+/)) {
      const [k, v] = part.split('=');
      if (k === 'rules' && v) rules = v.split(',').map((r) => r.trim().toUpperCase());
      else if (k === 'preset' && (v === 'recommended' || v === 'strict')) preset = v;
      else throw new Error(`unknown fixture option "${part}"`);
    }
  }
  const block = /<!-- expect\n([\s\S]*?)-->\s*$/.exec(text);
  if (!block) throw new Error('missing trailing <!-- expect … --> block');
  const expected = (block[1] ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^(\d+)\s+(PM\d{3})$/.exec(l);
      if (!m) throw new Error(`bad expect line "${l}"`);
      return `${m[1]} ${m[2]}`;
    });
  return { rules, preset, expected };
}

const sorted = (xs: string[]): string[] => [...xs].sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));

describe('lint rule fixtures', () => {
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(DIR, file), 'utf8');
    const fx = readFixture(text);
    const compared = (id: string): boolean => (fx.rules ? fx.rules.includes(id) : true);
    const result = lintMarkdown(text, { preset: fx.preset });
    const found = result.diagnostics.filter((d) => compared(d.ruleId)).map((d) => `${d.line} ${d.ruleId}`);
    expect(sorted(found)).toEqual(sorted(fx.expected));

    const fixed = lintMarkdown(text, { preset: fx.preset, fix: true }).fixed ?? text;
    const after = lintMarkdown(fixed, { preset: fx.preset });
    const remaining = after.diagnostics.filter((d) => compared(d.ruleId) && d.fix).map((d) => `${d.line} ${d.ruleId}: ${d.message}`);
    expect(remaining).toEqual([]);
  });

  it('has a failing and a passing fixture for every rule that has fixtures', () => {
    const byRule = new Map<string, Set<string>>();
    for (const f of files) {
      const m = /^(pm\d{3})-.*-(fail|pass)(?:-[a-z0-9-]+)?\.md$/.exec(f);
      expect(m, `fixture name ${f}`).not.toBeNull();
      const id = (m?.[1] ?? '').toUpperCase();
      if (!byRule.has(id)) byRule.set(id, new Set());
      byRule.get(id)?.add(m?.[2] ?? '');
    }
    const owned = RULES.filter((r) => /^PM[0-3]\d\d$|^PM705$/.test(r.id)).map((r) => r.id);
    for (const id of owned) expect([...(byRule.get(id) ?? [])].sort(), `fixtures for ${id}`).toEqual(['fail', 'pass']);
  });
});
