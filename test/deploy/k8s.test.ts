// Offline validation of k8s/ (issue 10), base and sidecar overlay, as design/deploy.md §2 describes:
// kustomize rendering, apiVersion allowlist, kubernetes-models 4.5.1 schemas, strict unknown fields over
// kubernetes-types 1.30, Pod Security Standards (restricted), cross-references, RBAC and this server's
// own needs. Every bad fixture must fail exactly the checks it names.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checksOf, expectedChecks, FIXTURES, formatFindings, REPO_ROOT, type Finding } from './lib/findings.js';
import { checkManifestSets, fixtureSet, K8S_DIR, projectSets, SECRET_EXAMPLE, type ManifestSet } from './lib/k8s-check.js';
import { podContainers, podSpecOf, renderKustomization } from './lib/kustomize.js';
import { parseYamlDocuments, type JsonObject } from './lib/yaml-docs.js';

const BAD = path.join(FIXTURES, 'k8s');
const fixtureFiles = readdirSync(BAD).filter((f) => f.endsWith('.yaml')).sort();

let sets: ManifestSet[];
let results: Map<string, Finding[]>;

beforeAll(async () => {
  sets = projectSets();
  const fixtures = fixtureFiles.map((f) => fixtureSet(path.join(BAD, f), sets));
  results = await checkManifestSets([...sets, ...fixtures]);
});

const set = (id: string): JsonObject[] => sets.find((s) => s.id === id)!.docs;
const one = (docs: JsonObject[], kind: string, name?: string): JsonObject => {
  const found = docs.filter((d) => d.kind === kind && (name === undefined || (d.metadata as JsonObject).name === name));
  expect(found, `${kind}/${name ?? '*'}`).toHaveLength(1);
  return found[0]!;
};

describe.each(['base', 'replicated', 'sidecar'])('k8s %s', (id) => {
  it('passes every check', () => {
    expect(formatFindings(results.get(id)!)).toBe('');
  });

  it('runs the server image from Harbor library/ with the kustomize tag', () => {
    const images = set(id).flatMap((d) => podContainers(d)).map((c) => c.image);
    expect(images).toContain('harbor.example/library/postmortem-mcp:0.1.0');
  });
});

describe('k8s Secret handling', () => {
  it('never renders a Secret: the example stays out of every kustomization', () => {
    for (const dir of ['base', 'overlays/replicated', 'overlays/sidecar']) {
      expect(renderKustomization(path.join(K8S_DIR, dir)).filter((d) => d.kind === 'Secret'), dir).toEqual([]);
    }
  });

  it('the example Secret holds placeholders only, one per mounted file', () => {
    const [secret] = parseYamlDocuments(readFileSync(SECRET_EXAMPLE, 'utf8')) as JsonObject[];
    const data = secret!.stringData as JsonObject;
    expect(Object.keys(data).sort()).toEqual(['bookstack-token-id', 'bookstack-token-secret', 'mcp-http-token']);
    for (const value of Object.values(data)) expect(value).toMatch(/^REPLACE_WITH_[A-Z0-9_]+$/);
    expect(secret!.data).toBeUndefined();
  });
});

describe('k8s base specifics', () => {
  it('has the objects the deployment needs, and no placeholder Secret', () => {
    const kinds = set('base').filter((d) => (d.metadata as JsonObject).name !== 'postmortem-mcp-secrets').map((d) => d.kind).sort();
    expect(kinds).toEqual(['ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'NetworkPolicy', 'PersistentVolumeClaim', 'Service', 'ServiceAccount']);
  });

  it('binds to 0.0.0.0 with the token from a mounted file', () => {
    const c = podContainers(one(set('base'), 'Deployment'))[0]!;
    expect(c.args).toEqual(['serve', '--http', '--host', '0.0.0.0', '--port', '3000']);
    expect(c.env).toEqual(expect.arrayContaining([{ name: 'MCP_HTTP_TOKEN_FILE', value: '/var/run/secrets/postmortem/mcp-http-token' }]));
  });
});

describe('k8s replicated overlay specifics', () => {
  it('shares a ReadWriteMany outbox between several replicas with a disruption budget', () => {
    const docs = set('replicated');
    expect((one(docs, 'Deployment').spec as JsonObject).replicas).toBeGreaterThan(1);
    expect((one(docs, 'PersistentVolumeClaim').spec as JsonObject).accessModes).toEqual(['ReadWriteMany']);
    expect((one(docs, 'PodDisruptionBudget').metadata as JsonObject).namespace).toBe('postmortem-mcp');
  });
});

describe('k8s sidecar overlay specifics', () => {
  it('merges the server into the dispatcher pod as a native sidecar and drops the standalone objects', () => {
    const docs = set('sidecar');
    const dispatcher = one(docs, 'Deployment', 'autojanet-dispatcher');
    const spec = podSpecOf(dispatcher)!;
    const init = (spec.initContainers as JsonObject[]).find((c) => c.name === 'postmortem-mcp')!;
    expect(init.restartPolicy).toBe('Always');
    expect(init.args).toEqual(['serve', '--http', '--host', '127.0.0.1', '--port', '3000']);
    const main = (spec.containers as JsonObject[]).find((c) => c.name === 'dispatcher')!;
    expect(main.env).toEqual(expect.arrayContaining([{ name: 'POSTMORTEM_MCP_URL', value: 'http://127.0.0.1:3000/mcp' }]));
    // The dispatcher's own volume survives the merge next to the sidecar's.
    expect((spec.volumes as JsonObject[]).map((v) => v.name)).toEqual(expect.arrayContaining(['tmp', 'postmortem-data', 'postmortem-secrets']));
    expect(docs.filter((d) => d.kind === 'Deployment')).toHaveLength(1);
    expect(docs.some((d) => d.kind === 'Service' || d.kind === 'NetworkPolicy')).toBe(false);
  });

  it('grants the events role to the dispatcher account in the overlay namespace', () => {
    const binding = one(set('sidecar'), 'ClusterRoleBinding');
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'autojanet-dispatcher', namespace: 'autojanet' }]);
  });
});

describe('bad manifests fail exactly the checks they are made for', () => {
  it('has fixtures', () => {
    expect(fixtureFiles.length).toBeGreaterThanOrEqual(40);
  });

  it('every check the policy can report has a fixture that fails it', () => {
    const declared = new Set<string>();
    for (const file of ['k8s-policy.ts', 'k8s-schema.ts', 'k8s-strict.ts']) {
      for (const m of readFileSync(path.join(REPO_ROOT, 'test/deploy/lib', file), 'utf8').matchAll(/check: '([a-z0-9-]+)'|push\('([a-z0-9-]+)'/g)) declared.add(m[1] ?? m[2]!);
    }
    const covered = new Set([...[], ...fixtureFiles.flatMap((f) => expectedChecks(readFileSync(path.join(BAD, f), 'utf8')))]);
    expect([...declared].filter((c) => !covered.has(c)).sort()).toEqual([]);
  });

  it.each(fixtureFiles)('%s', (file) => {
    const expected = [...expectedChecks(readFileSync(path.join(BAD, file), 'utf8'))].sort();
    const findings = results.get(file)!;
    expect(checksOf(findings), formatFindings(findings)).toEqual(expected);
  });
});
