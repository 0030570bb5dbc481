import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, type Finding } from './findings.js';
import { checkHardening, checkNetworkPolicies, checkPodSecurity, checkRbac, checkReferences, checkServer, PROJECT_K8S_POLICY, type K8sPolicy } from './k8s-policy.js';
import { checkApiVersions, checkSchemas } from './k8s-schema.js';
import { checkUnknownFields } from './k8s-strict.js';
import { isClusterScoped, renderKustomization } from './kustomize.js';
import { isObject, parseYamlDocuments, type JsonObject } from './yaml-docs.js';

export interface ManifestSet {
  id: string;
  docs: JsonObject[];
  policy: K8sPolicy;
}

export const K8S_DIR = path.join(REPO_ROOT, 'k8s');
export const SECRET_EXAMPLE = path.join(K8S_DIR, 'base/secret.example.yaml');

/** The namespace the rendered objects live in (one per set; checkReferences insists). */
function namespaceOf(docs: JsonObject[]): string | undefined {
  const d = docs.find((x) => !isClusterScoped(String(x.kind)) && isObject(x.metadata) && typeof x.metadata.namespace === 'string');
  return d ? String((d.metadata as JsonObject).namespace) : undefined;
}

/** The example Secret is applied by hand into the target namespace, so it joins each rendered set there. */
export function withSecretExample(docs: JsonObject[]): JsonObject[] {
  const secrets = parseYamlDocuments(readFileSync(SECRET_EXAMPLE, 'utf8')).filter(isObject);
  const ns = namespaceOf(docs);
  return [...docs, ...secrets.map((s) => ({ ...s, metadata: { ...(s.metadata as JsonObject), ...(ns ? { namespace: ns } : {}) } }))];
}

export function projectSets(): ManifestSet[] {
  return [
    { id: 'base', docs: withSecretExample(renderKustomization(path.join(K8S_DIR, 'base'))), policy: PROJECT_K8S_POLICY },
    { id: 'replicated', docs: withSecretExample(renderKustomization(path.join(K8S_DIR, 'overlays/replicated'))), policy: PROJECT_K8S_POLICY },
    {
      id: 'sidecar',
      docs: withSecretExample(renderKustomization(path.join(K8S_DIR, 'overlays/sidecar'))),
      // The dispatcher's own NetworkPolicy (if any) belongs to the dispatcher's manifests; a policy added
      // here would restrict its egress to this server's needs. The sidecar listens on loopback only.
      policy: { ...PROJECT_K8S_POLICY, requireNetworkPolicy: false },
    },
  ];
}

/** A fixture replaces documents of the same kind and name in one of the project sets (`# set:`), and may `# remove:` some. */
export function fixtureSet(file: string, sets: ManifestSet[]): ManifestSet {
  const text = readFileSync(file, 'utf8');
  const setId = /^#\s*set:\s*(\S+)/m.exec(text)?.[1] ?? 'base';
  const target = sets.find((s) => s.id === setId);
  if (!target) throw new Error(`${file}: unknown set ${setId}`);
  const removals = [...text.matchAll(/^#\s*remove:\s*(\S+)\/(\S+)/gm)].map((m) => [m[1], m[2]] as const);
  const replacements = parseYamlDocuments(text).filter(isObject);
  const key = (d: JsonObject): string => `${String(d.kind)}/${String((d.metadata as JsonObject | undefined)?.name)}`;
  const replaced = new Set(replacements.map(key));
  const docs = target.docs.filter((d) => !replaced.has(key(d)) && !removals.some(([k, n]) => key(d) === `${k}/${n}`));
  return { id: path.basename(file), docs: [...docs, ...replacements], policy: target.policy };
}

export async function checkManifestSets(sets: ManifestSet[]): Promise<Map<string, Finding[]>> {
  const results = new Map<string, Finding[]>();
  // Fixtures share most documents with the project sets: type-check and validate each distinct
  // document once, in one TypeScript program (building it is the slow part).
  const unique = new Map<string, JsonObject>();
  for (const s of sets) for (const doc of s.docs) unique.set(JSON.stringify(doc), doc);
  const strict = checkUnknownFields([...unique].map(([id, doc]) => ({ id, doc })));
  const schema = new Map<string, Finding[]>();
  for (const [id, doc] of unique) schema.set(id, await checkSchemas([doc]));
  for (const set of sets) {
    const ids = set.docs.map((doc) => JSON.stringify(doc));
    const findings: Finding[] = [
      ...checkApiVersions(set.docs),
      ...ids.flatMap((id) => schema.get(id) ?? []),
      ...ids.flatMap((id) => strict.get(id) ?? []),
      ...checkPodSecurity(set.docs),
      ...checkHardening(set.docs),
      ...checkReferences(set.docs, set.policy),
      ...checkRbac(set.docs, set.policy),
      ...checkServer(set.docs, set.policy),
      ...checkNetworkPolicies(set.docs, set.policy),
    ];
    results.set(set.id, findings);
  }
  return results;
}
