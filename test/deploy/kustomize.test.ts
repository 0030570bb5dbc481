// The test renderer in lib/kustomize.ts stands in for `kubectl kustomize` on machines without kubectl
// (design/deploy.md §2); these tests pin its semantics and compare it with kubectl where installed.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './lib/findings.js';
import { canonical, findKubectl, kubectlKustomize, renderKustomization } from './lib/kustomize.js';
import type { JsonObject } from './lib/yaml-docs.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'pm-kustomize-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app
spec:
  selector:
    matchLabels: {app: x}
  template:
    metadata:
      labels: {app: x}
    spec:
      containers:
        - name: main
          image: registry.example/library/app
          env:
            - {name: A, value: "1"}
      volumes:
        - name: keep
          emptyDir: {}
`;

describe('test kustomize renderer', () => {
  it('renders k8s/base and both overlays exactly like kubectl kustomize (where kubectl exists)', () => {
    for (const dir of ['k8s/base', 'k8s/overlays/replicated', 'k8s/overlays/sidecar']) {
      const ours = renderKustomization(path.join(REPO_ROOT, dir));
      expect(ours.length).toBeGreaterThan(5);
      if (findKubectl()) expect(canonical(ours), dir).toEqual(canonical(kubectlKustomize(path.join(REPO_ROOT, dir))));
    }
  });

  it('applies namespace (not to cluster-scoped kinds), labels, images and strategic-merge patches', () => {
    const base = tree('base', {
      'kustomization.yaml': 'resources: [deploy.yaml, role.yaml]\nnamespace: ns1\nlabels:\n  - pairs: {team: sre}\nimages:\n  - {name: registry.example/library/app, newTag: "1.2.3"}\n',
      'deploy.yaml': deployment,
      'role.yaml': 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n',
    });
    const overlay = tree('overlay', {
      'kustomization.yaml': `resources: [../base]\nnamespace: ns2\npatches:\n  - path: patch.yaml\n`,
      'patch.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: app}
spec:
  strategy: {type: Recreate, rollingUpdate: null}
  template:
    spec:
      initContainers:
        - {name: side, image: registry.example/library/side:2.0.0, restartPolicy: Always}
      containers:
        - name: main
          env:
            - {name: B, value: "2"}
      volumes:
        - name: extra
          emptyDir: {}
`,
    });
    const baseDocs = renderKustomization(base);
    const d0 = baseDocs.find((d) => d.kind === 'Deployment')!;
    expect((d0.metadata as JsonObject).namespace).toBe('ns1');
    expect((d0.metadata as JsonObject).labels).toEqual({ team: sre() });
    expect((baseDocs.find((d) => d.kind === 'ClusterRole')!.metadata as JsonObject).namespace).toBeUndefined();
    const docs = renderKustomization(overlay);
    const d = docs.find((x) => x.kind === 'Deployment')!;
    expect((d.metadata as JsonObject).namespace).toBe('ns2');
    const spec = (d.spec as JsonObject).template as JsonObject;
    const pod = spec.spec as JsonObject;
    const main = (pod.containers as JsonObject[])[0]!;
    expect(main.image).toBe('registry.example/library/app:1.2.3');
    expect(main.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    expect((pod.initContainers as JsonObject[])[0]!.restartPolicy).toBe('Always');
    expect((pod.volumes as JsonObject[]).map((v) => v.name).sort()).toEqual(['extra', 'keep']);
    expect((d.spec as JsonObject).strategy).toEqual({ type: 'Recreate' });
    expect(((spec.metadata as JsonObject).labels as JsonObject).team).toBeUndefined();
    if (findKubectl()) expect(canonical(docs)).toEqual(canonical(kubectlKustomize(overlay)));
  });

  it('deletes resources with $patch: delete and fills binding subjects from the ServiceAccount', () => {
    const dir = tree('delete', {
      'kustomization.yaml': 'namespace: ns\nresources: [all.yaml]\npatches:\n  - patch: |-\n      $patch: delete\n      apiVersion: v1\n      kind: ConfigMap\n      metadata:\n        name: gone\n',
      'all.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}\nsubjects:\n  - {kind: ServiceAccount, name: sa}\n',
    });
    const docs = renderKustomization(dir);
    expect(docs.map((d) => d.kind)).toEqual(['ServiceAccount', 'ClusterRoleBinding']);
    expect(docs[1]!.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa', namespace: 'ns' }]);
    if (findKubectl()) expect(canonical(docs)).toEqual(canonical(kubectlKustomize(dir)));
  });

  it('refuses what it does not implement instead of ignoring it', () => {
    const gen = tree('generator', { 'kustomization.yaml': 'configMapGenerator:\n  - name: x\n    literals: [a=b]\n' });
    expect(() => renderKustomization(gen)).toThrow(/configMapGenerator/);
    const outside = tree('outside', { 'kustomization.yaml': 'resources: [../base/deploy.yaml]\n' });
    expect(() => renderKustomization(outside)).toThrow(/outside the kustomization root/);
    const miss = tree('miss', { 'kustomization.yaml': 'resources: [d.yaml]\npatches:\n  - path: p.yaml\n', 'd.yaml': deployment, 'p.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other}\n' });
    expect(() => renderKustomization(miss)).toThrow(/matches 0 resources/);
  });
});

function sre(): string {
  return 'sre';
}
