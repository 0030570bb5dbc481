/** The registry lists every rule file exactly once, and rule metadata is complete (issue 4). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/lint/registry.js';

const DIR = join(import.meta.dirname, '../../../src/lint/rules');

describe('rule registry', () => {
  it('registers every file in src/lint/rules/, named <id>-<alias>.ts', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort();
    expect(RULES.map((r) => `${r.id.toLowerCase()}-${r.alias}.ts`).sort()).toEqual(files);
  });

  it('has unique ids and aliases and complete metadata', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    expect(new Set(RULES.map((r) => r.alias)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^PM[0-7]\d\d$/);
      expect(r.alias).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(r.description.length, r.id).toBeGreaterThan(10);
      expect(r.rationale.length, r.id).toBeGreaterThan(30);
      expect(r.tags.length, r.id).toBeGreaterThan(0);
    }
  });

  it('is in id order', () => {
    const ids = RULES.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
  });
});
