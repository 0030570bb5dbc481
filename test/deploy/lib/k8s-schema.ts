import type { Finding } from './findings.js';
import type { JsonObject } from './yaml-docs.js';

/** apiVersion/kind pairs a Kubernetes 1.30 cluster serves that these manifests may use. */
export const API_ALLOWLIST: Record<string, string[]> = {
  v1: ['ServiceAccount', 'ConfigMap', 'Secret', 'Service', 'PersistentVolumeClaim', 'Namespace'],
  'apps/v1': ['Deployment', 'StatefulSet', 'DaemonSet'],
  'batch/v1': ['Job', 'CronJob'],
  'rbac.authorization.k8s.io/v1': ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'],
  'networking.k8s.io/v1': ['NetworkPolicy', 'Ingress'],
  'policy/v1': ['PodDisruptionBudget'],
};

export function describeDoc(doc: JsonObject): string {
  const m = (doc.metadata ?? {}) as JsonObject;
  return `${String(doc.kind)}/${String(m.name ?? '?')}`;
}

export function checkApiVersions(docs: JsonObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const doc of docs) {
    const kinds = API_ALLOWLIST[String(doc.apiVersion)];
    if (!kinds || !kinds.includes(String(doc.kind))) {
      findings.push({
        check: 'api-version',
        where: describeDoc(doc),
        message: `${String(doc.apiVersion)} ${String(doc.kind)} is not an allowed API (removed, beta or unexpected for Kubernetes 1.30)`,
      });
    }
  }
  return findings;
}

type ModelClass = new (data: unknown) => { validate(): void };

/** kubernetes-models 4.5.1 validators: types, required fields, enums, quantity formats. Unknown fields pass here. */
export async function checkSchemas(docs: JsonObject[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const doc of docs) {
    const apiVersion = String(doc.apiVersion ?? '');
    const kind = String(doc.kind ?? '');
    let Model: ModelClass | undefined;
    try {
      // One class file per kind: the group index would load every model of the group.
      const mod = (await import(`kubernetes-models/${apiVersion}/${kind}`)) as Record<string, unknown>;
      Model = mod[kind] as ModelClass | undefined;
    } catch {
      Model = undefined;
    }
    if (!Model) {
      findings.push({ check: 'schema', where: describeDoc(doc), message: `kubernetes-models has no ${apiVersion} ${kind}` });
      continue;
    }
    try {
      new Model(structuredClone(doc)).validate();
    } catch (error) {
      const errors = (error as { errors?: { instancePath?: string; message?: string }[] }).errors;
      const lines = errors?.length ? errors.map((e) => `${e.instancePath ?? ''} ${e.message ?? ''}`.trim()) : [(error as Error).message];
      for (const line of lines) findings.push({ check: 'schema', where: describeDoc(doc), message: line });
    }
  }
  return findings;
}
