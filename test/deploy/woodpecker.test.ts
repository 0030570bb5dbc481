// Offline validation of .woodpecker.yaml (issue 10): Woodpecker's own JSON schema (v3.17.0, vendored)
// after resolving its YAML merge dialect, then the publishing policy of design/deploy.md §3.2.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checksOf, expectedChecks, FIXTURES, formatFindings, REPO_ROOT } from './lib/findings.js';
import { checkPipelinePolicy, checkPipelineText, parsePipeline, validatePipelineSchema } from './lib/woodpecker.js';
import { parseDockerfile } from './lib/dockerfile-policy.js';

const PIPELINE = path.join(REPO_ROOT, '.woodpecker.yaml');
const BAD = path.join(FIXTURES, 'woodpecker');
const UPSTREAM = path.join(FIXTURES, 'woodpecker-schema/upstream-fixtures');

describe('.woodpecker.yaml', () => {
  it('is valid against the Woodpecker v3.17.0 schema and meets the publishing policy', () => {
    const findings = checkPipelineText(readFileSync(PIPELINE, 'utf8'));
    expect(formatFindings(findings)).toBe('');
  });

  it('runs the checks in a node image pinned to the same release as the container base', () => {
    const pipeline = parsePipeline(readFileSync(PIPELINE, 'utf8')) as { steps: { name: string; image: string }[] };
    const dockerfile = parseDockerfile(readFileSync(path.join(REPO_ROOT, 'container/Dockerfile'), 'utf8'));
    const bases = new Set(dockerfile.stages.map((s) => s.image));
    const nodeSteps = pipeline.steps.filter((s) => ['install', 'typecheck', 'lint', 'test'].includes(s.name));
    expect(nodeSteps).toHaveLength(4);
    for (const step of nodeSteps) expect(bases).toContain(step.image);
  });

  it('does not depend on files outside the repository (the schema is vendored with its licence)', () => {
    const vendored = path.join(FIXTURES, 'woodpecker-schema');
    for (const f of ['schema.json', 'LICENSE', 'SOURCE.txt']) expect(existsSync(path.join(vendored, f))).toBe(true);
    const shared = path.resolve(REPO_ROOT, '../shared/data/woodpecker/schema.json');
    if (existsSync(shared)) {
      expect(readFileSync(path.join(vendored, 'schema.json'), 'utf8')).toBe(readFileSync(shared, 'utf8'));
    }
  });
});

describe('Woodpecker schema check agrees with upstream schema_test.go', () => {
  const mustFail = new Set([
    'test-broken.yaml',
    'test-broken-plugin.yaml',
    'test-broken-plugin2.yaml',
    'test-concurrency-invalid.yaml',
    'test-pipeline-when.yaml',
  ]);
  const files = readdirSync(UPSTREAM).filter((f) => f.endsWith('.yaml'));

  it('has the upstream fixtures (the 23 of schema_test.go plus test-pipeline-when.yaml)', () => {
    expect(files.length).toBe(24);
  });

  it.each(files)('%s', (file) => {
    const findings = validatePipelineSchema(parsePipeline(readFileSync(path.join(UPSTREAM, file), 'utf8')));
    expect(findings.length > 0).toBe(mustFail.has(file));
  });
});

describe('Woodpecker YAML dialect', () => {
  it('splices sequence merges and applies map merges with explicit keys winning', () => {
    const parsed = parsePipeline(
      readFileSync(path.join(UPSTREAM, 'test-merge-map-and-sequence.yaml'), 'utf8'),
    ) as { steps: Record<string, { image: string; commands: string[] }> };
    expect(parsed.steps['test base step with latest image']!.image).toBe('golang:latest');
    expect(parsed.steps['test-base-step']!.image).toBe('golang:1.19');
    expect(parsed.steps['test list overwrite']!.commands).toEqual(['go version', 'whoami', 'hostname']);
  });

  it('rejects duplicate keys', () => {
    expect(() => parsePipeline('steps:\n  - name: a\n    image: x:1.0.0\n    image: y:1.0.0\n')).toThrow(/YAML/);
  });
});

describe('bad pipelines fail exactly the checks they are made for', () => {
  const files = readdirSync(BAD).filter((f) => f.endsWith('.yaml'));

  it('has fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it('every check the policy can report has a fixture that fails it', () => {
    const declared = new Set<string>();
    for (const file of ['woodpecker.ts']) {
      for (const m of readFileSync(path.join(REPO_ROOT, 'test/deploy/lib', file), 'utf8').matchAll(/check: '([a-z0-9-]+)'|push\('([a-z0-9-]+)'/g)) declared.add(m[1] ?? m[2]!);
    }
    const covered = new Set([...[], ...files.flatMap((f) => expectedChecks(readFileSync(path.join(BAD, f), 'utf8')))]);
    expect([...declared].filter((c) => !covered.has(c)).sort()).toEqual([]);
  });

  it.each(files)('%s', (file) => {
    const text = readFileSync(path.join(BAD, file), 'utf8');
    const findings = checkPipelineText(text);
    expect(checksOf(findings), formatFindings(findings)).toEqual([...expectedChecks(text)].sort());
  });

  it('a publish step without any when runs on pull requests too', () => {
    const findings = checkPipelinePolicy({
      steps: [
        { name: 'publish', image: 'woodpeckerci/plugin-docker-buildx:6.1.1', settings: {} },
      ],
    });
    expect(findings.some((f) => f.check === 'publish-events' && /pull_request/.test(f.message))).toBe(true);
  });
});
