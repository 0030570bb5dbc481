// Rule 8: the README's tools and lint-rule tables are generated from metadata (npm run docs);
// a stale README fails here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { renderReadme } from '../../scripts/readme.js';
import { REPO } from '../support/mcp.js';

it('README.md tables match the tool and rule metadata', () => {
  const current = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  expect(renderReadme(current)).toBe(current);
});

it('README quick start has the two commands', () => {
  const current = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  expect(current).toContain('npm ci && npm run demo');
  expect(current).toContain('npm test');
});
