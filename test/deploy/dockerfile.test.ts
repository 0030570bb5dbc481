// Offline validation of container/Dockerfile (issue 10): dockerfile-utils errors, then the policy of
// design/deploy.md §1.2 over dockerfile-ast. Every bad fixture must fail exactly the checks it names.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDockerfile, parseDockerfile, PROJECT_DOCKERFILE_POLICY } from './lib/dockerfile-policy.js';
import { DockerIgnore } from './lib/dockerignore.js';
import { checksOf, expectedChecks, FIXTURES, formatFindings, REPO_ROOT } from './lib/findings.js';

const DOCKERFILE = path.join(REPO_ROOT, 'container/Dockerfile');
const BAD = path.join(FIXTURES, 'dockerfile');
const policy = PROJECT_DOCKERFILE_POLICY(REPO_ROOT);

describe('container/Dockerfile', () => {
  const text = readFileSync(DOCKERFILE, 'utf8');

  it('has no dockerfile-utils error and meets the container policy', () => {
    expect(formatFindings(checkDockerfile(text, policy))).toBe('');
  });

  it('builds in one stage and runs in another, both from the same pinned Node 24 base', () => {
    const { stages } = parseDockerfile(text);
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(new Set(stages.map((s) => s.image)).size).toBe(1);
    expect(stages[0]!.image).toMatch(/:24\.\d+\.\d+-/);
  });
});

describe('.dockerignore', () => {
  const ignore = DockerIgnore.load(REPO_ROOT);

  it('keeps what the image needs in the build context', () => {
    for (const p of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src', 'src/cli.ts', 'skills', 'skills/writing-postmortem/SKILL.md']) {
      expect(ignore.excludes(p), p).toBe(false);
    }
  });

  it('leaves tests, fixtures, secrets and local state out', () => {
    for (const p of ['test/deploy/dockerfile.test.ts', 'node_modules/zod/package.json', 'dist/cli.js', '.git/config', '.env', 'postmortems/x.md', 'k8s/base/secret.example.yaml', 'src/config.test.ts']) {
      expect(ignore.excludes(p), p).toBe(true);
    }
  });

  it('follows Docker pattern semantics (** spans directories, ! re-includes, last match wins)', () => {
    const m = new DockerIgnore('**/*.log\n!keep/**\nkeep/secret.log\n# comment\n/tmp\n');
    expect(m.excludes('a/b/c.log')).toBe(true);
    expect(m.excludes('c.log')).toBe(true);
    expect(m.excludes('keep/a.log')).toBe(false);
    expect(m.excludes('keep/secret.log')).toBe(true);
    expect(m.excludes('tmp/x')).toBe(true);
    expect(m.excludes('src/tmp')).toBe(false);
  });
});

describe('bad Dockerfiles fail exactly the checks they are made for', () => {
  const files = readdirSync(BAD).filter((f) => f.endsWith('.Dockerfile'));

  it('has fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
  });

  it('every check the policy can report has a fixture that fails it', () => {
    const declared = new Set<string>();
    for (const file of ['dockerfile-policy.ts']) {
      for (const m of readFileSync(path.join(REPO_ROOT, 'test/deploy/lib', file), 'utf8').matchAll(/check: '([a-z0-9-]+)'|push\('([a-z0-9-]+)'/g)) declared.add(m[1] ?? m[2]!);
    }
    const covered = new Set([...['dockerignore'], ...files.flatMap((f) => expectedChecks(readFileSync(path.join(BAD, f), 'utf8')))]);
    expect([...declared].filter((c) => !covered.has(c)).sort()).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const text = readFileSync(path.join(BAD, file), 'utf8');
    expect(checksOf(checkDockerfile(text, policy))).toEqual([...expectedChecks(text)].sort());
  });

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'pm-dockerignore-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('a build context without .dockerignore fails', () => {
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) writeFileSync(path.join(scratch, f), '{}');
    const findings = checkDockerfile(readFileSync(DOCKERFILE, 'utf8'), { ...policy, contextDir: scratch });
    expect(checksOf(findings)).toContain('dockerignore');
    expect(checksOf(findings)).toContain('copy-source');
  });
});
