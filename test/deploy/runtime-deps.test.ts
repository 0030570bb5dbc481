// The container installs production dependencies only (npm ci --omit=dev). A run-time import of a
// devDependency passes tsc and every test, and then crashes the image at start-up (issue 10: the
// podman smoke run found `yaml` imported by src/timeline/live/kubernetes.ts while it was a devDependency).
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatFindings, REPO_ROOT } from './lib/findings.js';
import { checkRuntimeDependencies, packageOf, runtimeImports } from './lib/runtime-deps.js';

describe('runtime dependencies of the image', () => {
  it('every package src/ imports at run time is a production dependency', () => {
    const findings = checkRuntimeDependencies(path.join(REPO_ROOT, 'src'), path.join(REPO_ROOT, 'package.json'));
    expect(formatFindings(findings)).toBe('');
  });

  it('finds value imports, re-exports and dynamic imports, not type-only imports', () => {
    const text = `import type { A } from 'types-only';
import { type B, c } from 'value-a';
import d from "value-b";
import 'side-effect';
export { e } from 'reexported';
export type { F } from 'type-reexport';
// import x from 'commented';
const g = await import('dynamic');
import {
  h,
  i,
} from '@scope/multi/line';`;
    expect(runtimeImports(text).map(packageOf).sort()).toEqual(['@scope/multi', 'dynamic', 'reexported', 'side-effect', 'value-a', 'value-b']);
    expect(['node:fs', 'fs', './x.js', '#internal'].map(packageOf)).toEqual([undefined, undefined, undefined, undefined]);
  });

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pm-deps-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('fails for a devDependency imported by shipped code, not by its tests', () => {
    mkdirSync(path.join(scratch, 'src/a'), { recursive: true });
    writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ dependencies: { zod: '1' }, devDependencies: { yaml: '2', vitest: '4' } }));
    writeFileSync(path.join(scratch, 'src/a/ok.ts'), "import { z } from 'zod';\nimport { readFile } from 'node:fs/promises';\n");
    writeFileSync(path.join(scratch, 'src/a/ok.test.ts'), "import { it } from 'vitest';\n");
    writeFileSync(path.join(scratch, 'src/a/bad.ts'), "import { parse } from 'yaml';\n");
    const findings = checkRuntimeDependencies(path.join(scratch, 'src'), path.join(scratch, 'package.json'));
    expect(findings.map((f) => f.where)).toEqual([path.join('src', 'a', 'bad.ts')]);
  });
});
