import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isObject, parseYamlDocuments, type Json, type JsonObject } from './yaml-docs.js';

/**
 * A small kustomize for exactly the features k8s/ uses: resources (files and directories), namespace,
 * labels (metadata, optionally templates and selectors), images, and patches (strategic merge, from a path or inline, with `$patch:
 * delete`). It exists because CI machines may lack kubectl; any other kustomization field is an error,
 * so the renderer never silently ignores something kubectl would apply. The tests compare it with
 * `kubectl kustomize` wherever kubectl is installed.
 */

const SUPPORTED_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'patches']);

const CLUSTER_SCOPED = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'CSIDriver', 'Node', 'VolumeAttachment',
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kind);
}

/** Subjects whose namespace kustomize fills in from the ServiceAccount they name. */
const autoSubjects = new WeakSet<object>();

export function renderKustomization(dir: string): JsonObject[] {
  return render(path.resolve(dir), new Set());
}

function loadKustomization(dir: string): JsonObject {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization']) {
    const file = path.join(dir, name);
    if (existsSync(file)) {
      const docs = parseYamlDocuments(readFileSync(file, 'utf8'));
      if (docs.length !== 1 || !isObject(docs[0])) throw new Error(`${file}: expected one map`);
      return docs[0];
    }
  }
  throw new Error(`${dir}: no kustomization.yaml`);
}

function insideRoot(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function render(dir: string, stack: Set<string>): JsonObject[] {
  if (stack.has(dir)) throw new Error(`kustomization cycle through ${dir}`);
  const k = loadKustomization(dir);
  for (const key of Object.keys(k)) {
    if (!SUPPORTED_FIELDS.has(key)) throw new Error(`${dir}: kustomization field "${key}" is not supported by the test renderer`);
  }
  const nextStack = new Set(stack).add(dir);
  let resources: JsonObject[] = [];

  for (const entry of asArray(k.resources)) {
    if (typeof entry !== 'string') throw new Error(`${dir}: resources entries must be paths`);
    const target = path.resolve(dir, entry);
    if (!existsSync(target)) throw new Error(`${dir}: resource ${entry} does not exist`);
    if (statSync(target).isDirectory()) {
      resources.push(...render(target, nextStack));
    } else {
      // kustomize's default load restrictor: files must lie inside the kustomization root.
      if (!insideRoot(dir, target)) throw new Error(`${dir}: file ${entry} is outside the kustomization root`);
      for (const doc of parseYamlDocuments(readFileSync(target, 'utf8'))) {
        if (!isObject(doc)) throw new Error(`${target}: every document must be a map`);
        resources.push(doc);
      }
    }
  }
  assertUniqueIds(resources, dir);

  for (const patch of asArray(k.patches)) {
    if (!isObject(patch)) throw new Error(`${dir}: patches entries must be maps`);
    if (patch.target !== undefined || patch.options !== undefined) throw new Error(`${dir}: patch target/options are not supported by the test renderer`);
    let text: string;
    if (typeof patch.path === 'string') {
      const file = path.resolve(dir, patch.path);
      if (!insideRoot(dir, file)) throw new Error(`${dir}: patch ${patch.path} is outside the kustomization root`);
      text = readFileSync(file, 'utf8');
    } else if (typeof patch.patch === 'string') text = patch.patch;
    else throw new Error(`${dir}: a patch needs path or patch`);
    const docs = parseYamlDocuments(text);
    if (docs.length !== 1) throw new Error(`${dir}: one document per patch (kustomize 5.5 mishandles several)`);
    const doc = docs[0];
    if (!isObject(doc)) throw new Error(`${dir}: a patch must be a map`);
    if (Array.isArray(doc)) throw new Error(`${dir}: JSON 6902 patches are not supported by the test renderer`);
    resources = applyStrategicPatch(resources, doc, dir);
  }

  const namespace = typeof k.namespace === 'string' ? k.namespace : undefined;
  if (namespace !== undefined) {
    for (const r of resources) {
      if (!isClusterScoped(String(r.kind))) metadataOf(r).namespace = namespace;
    }
  }

  const labelSets: { pairs: JsonObject; selectors: boolean; templates: boolean }[] = [];
  for (const l of asArray(k.labels)) {
    if (!isObject(l) || !isObject(l.pairs)) throw new Error(`${dir}: labels entries need pairs`);
    if (l.fields !== undefined) throw new Error(`${dir}: labels.fields is not supported by the test renderer`);
    const selectors = l.includeSelectors === true;
    labelSets.push({ pairs: l.pairs, selectors, templates: selectors || l.includeTemplates === true });
  }
  for (const set of labelSets) for (const r of resources) applyLabels(r, set.pairs, set.selectors, set.templates);

  for (const image of asArray(k.images)) {
    if (!isObject(image) || typeof image.name !== 'string') throw new Error(`${dir}: images entries need a name`);
    for (const r of resources) for (const c of podContainers(r)) rewriteImage(c, image);
  }

  fillSubjectNamespaces(resources);
  return resources;
}

function asArray(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error('expected a list');
  return value;
}

function metadataOf(r: JsonObject): JsonObject {
  if (!isObject(r.metadata)) r.metadata = {};
  return r.metadata as JsonObject;
}

function groupOf(apiVersion: Json | undefined): string {
  const v = String(apiVersion ?? '');
  return v.includes('/') ? v.split('/')[0]! : '';
}

function idOf(r: JsonObject): string {
  const m = metadataOf(r);
  return `${groupOf(r.apiVersion)}/${String(r.kind)}/${String(m.namespace ?? '')}/${String(m.name)}`;
}

function assertUniqueIds(resources: JsonObject[], dir: string): void {
  const seen = new Set<string>();
  for (const r of resources) {
    const id = idOf(r);
    if (seen.has(id)) throw new Error(`${dir}: resource ${id} is defined twice`);
    seen.add(id);
  }
}

function applyStrategicPatch(resources: JsonObject[], patch: JsonObject, dir: string): JsonObject[] {
  const pm = metadataOf(patch);
  // Like kustomize: the patch names its target by group, kind and name; a namespace only if it has one.
  const matches = resources.filter((r) => {
    const m = metadataOf(r);
    return (
      groupOf(r.apiVersion) === groupOf(patch.apiVersion) &&
      r.kind === patch.kind &&
      m.name === pm.name &&
      (pm.namespace === undefined || m.namespace === pm.namespace)
    );
  });
  if (matches.length !== 1) {
    throw new Error(`${dir}: patch for ${String(patch.kind)}/${String(pm.name)} matches ${matches.length} resources (needs exactly one)`);
  }
  const target = matches[0]!;
  if (patch.$patch === 'delete') return resources.filter((r) => r !== target);
  const merged = mergeMap(target, patch, []);
  return resources.map((r) => (r === target ? merged : r));
}

/** Merge keys of the Kubernetes lists k8s/ patches (patchMergeKey in the OpenAPI); other lists are replaced. */
function mergeKeyFor(field: string, items: Json[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'volumes':
    case 'env':
    case 'imagePullSecrets':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'ports':
      return items.some((i) => isObject(i) && 'containerPort' in i) ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

function mergeMap(base: JsonObject, patch: JsonObject, trail: string[]): JsonObject {
  if (patch.$patch === 'replace') {
    const { $patch: _drop, ...rest } = patch;
    void _drop;
    return structuredClone(rest);
  }
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    if (key.startsWith('$')) throw new Error(`strategic merge directive ${key} at ${trail.join('.')} is not supported by the test renderer`);
    if (value === null) {
      delete out[key];
      continue;
    }
    const current = out[key];
    if (isObject(value) && isObject(current)) out[key] = mergeMap(current, value, [...trail, key]);
    else if (Array.isArray(value) && Array.isArray(current)) out[key] = mergeList(key, current, value, [...trail, key]);
    else out[key] = withoutNulls(value);
  }
  return out;
}

/** A patch value with nothing to merge into is added as is, minus its null "delete this" markers. */
function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && k !== '$patch') out[k] = withoutNulls(v);
    return out;
  }
  return value;
}

function mergeList(field: string, base: Json[], patch: Json[], trail: string[]): Json[] {
  const key = mergeKeyFor(field, [...base, ...patch]);
  if (!key) return structuredClone(patch);
  const out: Json[] = [...base];
  for (const item of patch) {
    if (!isObject(item) || item[key] === undefined) throw new Error(`list ${trail.join('.')} item lacks its merge key ${key}`);
    const index = out.findIndex((b) => isObject(b) && b[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) out.splice(index, 1);
      continue;
    }
    if (index >= 0) out[index] = mergeMap(out[index] as JsonObject, item, [...trail, String(item[key])]);
    else out.push(withoutNulls(item));
  }
  return out;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']);

export function podSpecOf(r: JsonObject): JsonObject | undefined {
  const spec = r.spec;
  if (!isObject(spec)) return undefined;
  if (r.kind === 'Pod') return spec;
  if (r.kind === 'CronJob') {
    const jt = spec.jobTemplate;
    const t = isObject(jt) && isObject(jt.spec) ? jt.spec.template : undefined;
    return isObject(t) && isObject(t.spec) ? t.spec : undefined;
  }
  if (WORKLOADS.has(String(r.kind)) && isObject(spec.template) && isObject(spec.template.spec)) return spec.template.spec;
  return undefined;
}

export function podTemplateMetadata(r: JsonObject): JsonObject | undefined {
  if (r.kind === 'Pod') return metadataOf(r);
  const spec = r.spec;
  if (!isObject(spec)) return undefined;
  if (r.kind === 'CronJob') {
    const jt = spec.jobTemplate;
    const t = isObject(jt) && isObject(jt.spec) ? jt.spec.template : undefined;
    return isObject(t) ? (isObject(t.metadata) ? t.metadata : (t.metadata = {})) : undefined;
  }
  if (WORKLOADS.has(String(r.kind)) && isObject(spec.template)) {
    const t = spec.template;
    return isObject(t.metadata) ? t.metadata : (t.metadata = {});
  }
  return undefined;
}

export function podContainers(r: JsonObject): JsonObject[] {
  const spec = podSpecOf(r);
  if (!spec) return [];
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((f) => (Array.isArray(spec[f]) ? (spec[f] as Json[]).filter(isObject) : []));
}

function addLabels(target: JsonObject, field: string, pairs: JsonObject): void {
  const current = isObject(target[field]) ? (target[field] as JsonObject) : {};
  target[field] = { ...current, ...pairs };
}

function applyLabels(r: JsonObject, pairs: JsonObject, selectors: boolean, templates: boolean): void {
  addLabels(metadataOf(r), 'labels', pairs);
  if (templates) {
    const tm = podTemplateMetadata(r);
    if (tm) addLabels(tm, 'labels', pairs);
  }
  if (!selectors) return;
  const spec = r.spec;
  if (!isObject(spec)) return;
  if (r.kind === 'Service') addLabels(spec, 'selector', pairs);
  else if (WORKLOADS.has(String(r.kind)) && r.kind !== 'Job') {
    if (!isObject(spec.selector)) spec.selector = {};
    addLabels(spec.selector as JsonObject, 'matchLabels', pairs);
  }
}

function rewriteImage(container: JsonObject, image: JsonObject): void {
  if (typeof container.image !== 'string') return;
  const ref = container.image;
  const at = ref.indexOf('@');
  const withoutDigest = at >= 0 ? ref.slice(0, at) : ref;
  const colon = withoutDigest.lastIndexOf(':');
  const name = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
  if (name !== image.name) return;
  const newName = typeof image.newName === 'string' ? image.newName : name;
  if (typeof image.digest === 'string') container.image = `${newName}@${image.digest}`;
  else if (typeof image.newTag === 'string') container.image = `${newName}:${image.newTag}`;
  else if (typeof image.newTag === 'number') throw new Error(`images: newTag for ${name} must be a string (quote it)`);
  else container.image = newName + ref.slice(name.length);
}

function fillSubjectNamespaces(resources: JsonObject[]): void {
  const serviceAccounts = resources.filter((r) => r.kind === 'ServiceAccount');
  for (const r of resources) {
    if (r.kind !== 'RoleBinding' && r.kind !== 'ClusterRoleBinding') continue;
    for (const s of Array.isArray(r.subjects) ? r.subjects : []) {
      if (!isObject(s) || s.kind !== 'ServiceAccount') continue;
      if (s.namespace !== undefined && !autoSubjects.has(s)) continue;
      const sa = serviceAccounts.find((a) => metadataOf(a).name === s.name);
      const ns = sa ? metadataOf(sa).namespace : undefined;
      if (typeof ns === 'string') {
        s.namespace = ns;
        autoSubjects.add(s);
      }
    }
  }
}

let kubectlChecked = false;
let kubectlPath: string | undefined;

/** kubectl with a kustomize v4 or later (Debian's kubectl 1.20 bundles an older one). */
export function findKubectl(): string | undefined {
  if (kubectlChecked) return kubectlPath;
  kubectlChecked = true;
  try {
    const out = execFileSync('kubectl', ['version', '--client', '--output=json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    const parsed = JSON.parse(out) as { kustomizeVersion?: string };
    const major = Number(/^v?(\d+)/.exec(parsed.kustomizeVersion ?? '')?.[1] ?? 0);
    if (major >= 4) kubectlPath = 'kubectl';
  } catch {
    kubectlPath = undefined;
  }
  return kubectlPath;
}

export function kubectlKustomize(dir: string): JsonObject[] {
  const out = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  return parseYamlDocuments(out).filter(isObject);
}

/** Order-independent form for comparing two renderings: documents by id, merge-keyed lists by key. */
export function canonical(resources: JsonObject[]): Json {
  const sortLists = (value: Json, field = ''): Json => {
    if (Array.isArray(value)) {
      const items = value.map((v) => sortLists(v));
      const key = mergeKeyFor(field, items);
      if (key && field !== 'initContainers') {
        return [...items].sort((a, b) => String(isObject(a) ? a[key] : '').localeCompare(String(isObject(b) ? b[key] : '')));
      }
      return items;
    }
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const k of Object.keys(value).sort()) out[k] = sortLists(value[k]!, k);
      return out;
    }
    return value;
  };
  return [...resources].sort((a, b) => idOf(a).localeCompare(idOf(b))).map((r) => sortLists(r));
}
