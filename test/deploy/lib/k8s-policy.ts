import { SECRET_VARIABLES } from '../../../src/config.js';
import { imagePinProblem, parseImageRef, type Finding } from './findings.js';
import { isClusterScoped, podContainers, podSpecOf, podTemplateMetadata } from './kustomize.js';
import { describeDoc } from './k8s-schema.js';
import { isObject, type Json, type JsonObject } from './yaml-docs.js';

export interface K8sPolicy {
  /** Repository name (last path segment) of this project's server image. */
  serverImage: string;
  /** Harbor project every image must come from. */
  imageProject: string;
  /** Label of the pods allowed to call the server over the network. */
  clientPodLabel: [string, string];
  /** Each workload's pods must be selected by some NetworkPolicy (the standalone base). */
  requireNetworkPolicy: boolean;
  /** Seconds the server needs to drain in-flight requests after SIGTERM. */
  drainSeconds: number;
}

export const PROJECT_K8S_POLICY: K8sPolicy = {
  serverImage: 'postmortem-mcp',
  imageProject: 'library',
  clientPodLabel: ['app.kubernetes.io/name', 'autojanet-dispatcher'],
  requireNetworkPolicy: true,
  drainSeconds: 10,
};

type Obj = JsonObject;

const arr = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);
const objs = (v: Json | undefined): Obj[] => arr(v).filter(isObject);
const obj = (v: Json | undefined): Obj => (isObject(v) ? v : {});
const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const meta = (d: Obj): Obj => obj(d.metadata);
const nameOf = (d: Obj): string => String(meta(d).name ?? '');
const nsOf = (d: Obj): string | undefined => str(meta(d).namespace);

function workloads(docs: Obj[]): Obj[] {
  return docs.filter((d) => podSpecOf(d) !== undefined);
}

function templateLabels(d: Obj): Obj {
  return obj(podTemplateMetadata(d)?.labels);
}

/** A label selector (matchLabels + matchExpressions) against a label set. */
export function selects(selector: Json | undefined, labels: Obj): boolean {
  const s = obj(selector);
  for (const [k, v] of Object.entries(obj(s.matchLabels))) if (labels[k] !== v) return false;
  for (const e of objs(s.matchExpressions)) {
    const key = String(e.key);
    const values = arr(e.values).map(String);
    const has = key in labels;
    const value = has ? String(labels[key]) : undefined;
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(value!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Pod Security Standards (kubernetes.io/docs/concepts/security/pod-security-standards), v1.30.

const BASELINE_CAPS = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

export function checkPodSecurity(docs: Obj[]): Finding[] {
  const findings: Finding[] = [];
  for (const d of workloads(docs)) {
    const where = describeDoc(d);
    const ps = podSpecOf(d)!;
    const psc = obj(ps.securityContext);
    const base = (message: string): void => void findings.push({ check: 'pss-baseline', where, message });
    const restricted = (message: string): void => void findings.push({ check: 'pss-restricted', where, message });
    for (const f of ['hostNetwork', 'hostPID', 'hostIPC']) if (ps[f] === true) base(`${f} is true`);
    if (obj(psc.windowsOptions).hostProcess === true) base('pod windowsOptions.hostProcess is true');
    for (const s of objs(psc.sysctls)) if (!SAFE_SYSCTLS.has(String(s.name))) base(`sysctl ${String(s.name)} is not in the safe set`);
    const podSeccomp = str(obj(psc.seccompProfile).type);
    if (podSeccomp === 'Unconfined') base('pod seccompProfile is Unconfined');
    if (str(obj(psc.appArmorProfile).type) === 'Unconfined') base('pod appArmorProfile is Unconfined');
    const seLinux = (o: Obj, who: string): void => {
      const se = obj(o.seLinuxOptions);
      if (!SELINUX_TYPES.has(String(se.type ?? ''))) base(`${who} seLinuxOptions.type ${String(se.type)} is not allowed`);
      if (se.user !== undefined || se.role !== undefined) base(`${who} seLinuxOptions.user/role must not be set`);
    };
    seLinux(psc, 'pod');
    for (const [k, v] of Object.entries(obj(podTemplateMetadata(d)?.annotations))) {
      if (k.startsWith('container.apparmor.security.beta.kubernetes.io/') && !(v === 'runtime/default' || String(v).startsWith('localhost/'))) {
        base(`AppArmor annotation ${k}=${String(v)}`);
      }
    }
    for (const v of objs(ps.volumes)) {
      if ('hostPath' in v) base(`volume ${String(v.name)} is a hostPath`);
      const types = Object.keys(v).filter((k) => k !== 'name');
      for (const t of types) if (!RESTRICTED_VOLUMES.has(t)) restricted(`volume ${String(v.name)} has type ${t}`);
    }
    if (psc.runAsUser === 0) restricted('pod runAsUser is 0');

    for (const c of podContainers(d)) {
      const who = `container ${String(c.name)}`;
      const sc = obj(c.securityContext);
      const caps = obj(sc.capabilities);
      if (sc.privileged === true) base(`${who} is privileged`);
      if (obj(sc.windowsOptions).hostProcess === true) base(`${who} windowsOptions.hostProcess is true`);
      for (const cap of arr(caps.add).map(String)) {
        if (!BASELINE_CAPS.has(cap)) base(`${who} adds capability ${cap}`);
        if (cap !== 'NET_BIND_SERVICE') restricted(`${who} adds capability ${cap} (only NET_BIND_SERVICE may be added)`);
      }
      for (const p of objs(c.ports)) if (p.hostPort !== undefined && p.hostPort !== 0) base(`${who} uses hostPort ${String(p.hostPort)}`);
      if (sc.procMount !== undefined && sc.procMount !== 'Default') base(`${who} procMount is ${String(sc.procMount)}`);
      const seccomp = str(obj(sc.seccompProfile).type);
      if (seccomp === 'Unconfined') base(`${who} seccompProfile is Unconfined`);
      if (str(obj(sc.appArmorProfile).type) === 'Unconfined') base(`${who} appArmorProfile is Unconfined`);
      seLinux(sc, who);

      if (sc.allowPrivilegeEscalation !== false) restricted(`${who} must set allowPrivilegeEscalation: false`);
      const nonRoot = sc.runAsNonRoot ?? psc.runAsNonRoot;
      if (nonRoot !== true) restricted(`${who} must run with runAsNonRoot: true (pod or container)`);
      if (sc.runAsUser === 0) restricted(`${who} runAsUser is 0`);
      const effectiveSeccomp = seccomp ?? podSeccomp;
      if (effectiveSeccomp !== 'RuntimeDefault' && effectiveSeccomp !== 'Localhost') restricted(`${who} needs seccompProfile RuntimeDefault or Localhost`);
      if (!arr(caps.drop).map(String).includes('ALL')) restricted(`${who} must drop ALL capabilities`);
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Hardening this project asks for beyond "restricted".

export function checkHardening(docs: Obj[]): Finding[] {
  const findings: Finding[] = [];
  for (const d of workloads(docs)) {
    const where = describeDoc(d);
    for (const c of podContainers(d)) {
      const who = `container ${String(c.name)}`;
      const sc = obj(c.securityContext);
      if (sc.readOnlyRootFilesystem !== true) findings.push({ check: 'hardening', where, message: `${who} must set readOnlyRootFilesystem: true` });
      const res = obj(c.resources);
      for (const kind of ['requests', 'limits']) {
        for (const r of ['cpu', 'memory']) {
          if (obj(res[kind])[r] === undefined) findings.push({ check: 'hardening', where, message: `${who} has no ${kind}.${r}` });
        }
      }
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// References between objects and naming (what the API server or the kubelet would reject later).

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function find(docs: Obj[], kind: string, name: string, namespace: string | undefined): Obj | undefined {
  return docs.find((d) => d.kind === kind && nameOf(d) === name && (isClusterScoped(kind) || nsOf(d) === namespace));
}

function dataKeys(d: Obj): Set<string> {
  return new Set([...Object.keys(obj(d.data)), ...Object.keys(obj(d.stringData)), ...Object.keys(obj(d.binaryData))]);
}

export function checkReferences(docs: Obj[], policy: K8sPolicy = PROJECT_K8S_POLICY): Finding[] {
  const findings: Finding[] = [];
  const push = (check: string, d: Obj, message: string): void => void findings.push({ check, where: describeDoc(d), message });

  const namespaces = new Set(docs.filter((d) => !isClusterScoped(String(d.kind))).map((d) => nsOf(d) ?? '(none)'));
  if (namespaces.size > 1) findings.push({ check: 'namespace', message: `namespaced objects are spread over ${[...namespaces].join(', ')}` });
  for (const d of docs) {
    const name = nameOf(d);
    const ok = d.kind === 'Service' || d.kind === 'Namespace' ? DNS_LABEL.test(name) && name.length <= 63 : DNS_SUBDOMAIN.test(name) && name.length <= 253;
    if (!ok) push('dns-name', d, `name "${name}" is not a valid DNS-1123 ${d.kind === 'Service' ? 'label' : 'subdomain'}`);
    if (!isClusterScoped(String(d.kind)) && !nsOf(d)) push('namespace', d, 'has no namespace');
  }

  for (const d of workloads(docs)) {
    const ns = nsOf(d);
    const ps = podSpecOf(d)!;
    const labels = templateLabels(d);
    const spec = obj(d.spec);
    if (d.kind !== 'Pod' && d.kind !== 'CronJob' && d.kind !== 'Job') {
      const sel = obj(spec.selector);
      if (Object.keys(obj(sel.matchLabels)).length === 0 && objs(sel.matchExpressions).length === 0) push('selector', d, 'spec.selector is empty');
      else if (!selects(sel, labels)) push('selector', d, 'spec.selector does not match the pod template labels');
    }
    const sa = str(ps.serviceAccountName);
    if (!sa) push('cross-ref', d, 'serviceAccountName is not set (the namespace default account would be used)');
    else if (!find(docs, 'ServiceAccount', sa, ns)) push('cross-ref', d, `serviceAccountName ${sa} is not defined`);

    const volumes = objs(ps.volumes);
    const volumeNames = volumes.map((v) => String(v.name));
    if (new Set(volumeNames).size !== volumeNames.length) push('cross-ref', d, 'volume names are not unique');
    for (const v of volumes) {
      if (typeof v.name !== 'string' || !DNS_LABEL.test(v.name)) push('dns-name', d, `volume name ${String(v.name)} is not a DNS-1123 label`);
      const pvc = obj(v.persistentVolumeClaim);
      if (pvc.claimName !== undefined && !find(docs, 'PersistentVolumeClaim', String(pvc.claimName), ns)) push('cross-ref', d, `volume ${String(v.name)}: PVC ${String(pvc.claimName)} is not defined`);
      const secret = obj(v.secret);
      if (secret.secretName !== undefined && secret.optional !== true) {
        const s = find(docs, 'Secret', String(secret.secretName), ns);
        if (!s) push('cross-ref', d, `volume ${String(v.name)}: Secret ${String(secret.secretName)} is not defined`);
        else for (const item of objs(secret.items)) if (!dataKeys(s).has(String(item.key))) push('cross-ref', d, `volume ${String(v.name)}: Secret key ${String(item.key)} is not defined`);
      }
      const cm = obj(v.configMap);
      if (cm.name !== undefined && cm.optional !== true) {
        const c = find(docs, 'ConfigMap', String(cm.name), ns);
        if (!c) push('cross-ref', d, `volume ${String(v.name)}: ConfigMap ${String(cm.name)} is not defined`);
        else for (const item of objs(cm.items)) if (!dataKeys(c).has(String(item.key))) push('cross-ref', d, `volume ${String(v.name)}: ConfigMap key ${String(item.key)} is not defined`);
      }
    }

    const containerNames = podContainers(d).map((c) => String(c.name));
    if (new Set(containerNames).size !== containerNames.length) push('cross-ref', d, 'container names are not unique');
    for (const c of podContainers(d)) {
      const who = `container ${String(c.name)}`;
      if (typeof c.name !== 'string' || !DNS_LABEL.test(c.name)) push('dns-name', d, `${who}: name is not a DNS-1123 label`);
      const portNames = new Set(objs(c.ports).map((p) => str(p.name)).filter((n): n is string => n !== undefined));
      for (const p of portNames) if (!PORT_NAME.test(p) || p.length > 15) push('dns-name', d, `${who}: port name ${p} is not a valid IANA service name`);
      for (const m of objs(c.volumeMounts)) if (!volumeNames.includes(String(m.name))) push('cross-ref', d, `${who}: volumeMount ${String(m.name)} names no volume`);
      const mountPaths = objs(c.volumeMounts).map((m) => String(m.mountPath));
      if (new Set(mountPaths).size !== mountPaths.length) push('cross-ref', d, `${who}: two volumeMounts share a mountPath`);
      for (const ef of objs(c.envFrom)) {
        for (const [field, kind] of [['configMapRef', 'ConfigMap'], ['secretRef', 'Secret']] as const) {
          const ref = obj(ef[field]);
          if (ref.name !== undefined && ref.optional !== true && !find(docs, kind, String(ref.name), ns)) push('cross-ref', d, `${who}: envFrom ${kind} ${String(ref.name)} is not defined`);
        }
      }
      for (const e of objs(c.env)) {
        const vf = obj(e.valueFrom);
        for (const [field, kind] of [['configMapKeyRef', 'ConfigMap'], ['secretKeyRef', 'Secret']] as const) {
          const ref = obj(vf[field]);
          if (ref.name === undefined || ref.optional === true) continue;
          const target = find(docs, kind, String(ref.name), ns);
          if (!target) push('cross-ref', d, `${who}: env ${String(e.name)} references ${kind} ${String(ref.name)}, which is not defined`);
          else if (!dataKeys(target).has(String(ref.key))) push('cross-ref', d, `${who}: env ${String(e.name)} references key ${String(ref.key)} missing from ${kind} ${String(ref.name)}`);
        }
      }
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
        const port = obj(obj(c[probe]).httpGet).port ?? obj(obj(c[probe]).tcpSocket).port;
        if (typeof port === 'string' && !portNames.has(port)) push('cross-ref', d, `${who}: ${probe} uses port ${port}, which the container does not name`);
      }
      const image = str(c.image) ?? '';
      const pin = imagePinProblem(image);
      if (pin) push('image', d, `${who}: ${pin}`);
      const ref = parseImageRef(image);
      const parts = ref.name.split('/');
      if (parts.length < 3 || parts[parts.length - 2] !== policy.imageProject || !parts[0]!.includes('.')) {
        push('image', d, `${who}: image ${image} is not under <registry>/${policy.imageProject}/`);
      }
    }

    // A ReadWriteOnce volume attaches to one node: more replicas, or a surge pod during a rolling
    // update, would hang in Multi-Attach unless the claim is ReadWriteMany.
    const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
    for (const v of volumes) {
      const claim = str(obj(v.persistentVolumeClaim).claimName);
      const pvc = claim ? find(docs, 'PersistentVolumeClaim', claim, ns) : undefined;
      if (!pvc) continue;
      const modes = arr(obj(pvc.spec).accessModes).map(String);
      if (modes.includes('ReadWriteMany')) continue;
      if (replicas > 1) push('pvc-access', d, `${replicas} replicas share PVC ${claim}, which is not ReadWriteMany`);
      if (d.kind === 'Deployment' && obj(spec.strategy).type !== 'Recreate') push('pvc-access', d, `PVC ${claim} is ${modes.join('/')}: use strategy Recreate or a ReadWriteMany claim`);
    }
  }

  for (const s of docs.filter((d) => d.kind === 'Service')) {
    const selector = obj(obj(s.spec).selector);
    if (Object.keys(selector).length === 0) {
      push('cross-ref', s, 'Service has no selector');
      continue;
    }
    const targets = workloads(docs).filter((w) => nsOf(w) === nsOf(s) && selects({ matchLabels: selector }, templateLabels(w)));
    if (targets.length === 0) push('cross-ref', s, 'Service selects no pods');
    for (const p of objs(obj(s.spec).ports)) {
      if (typeof p.targetPort !== 'string') continue;
      const named = targets.some((w) => podContainers(w).some((c) => objs(c.ports).some((cp) => cp.name === p.targetPort)));
      if (!named) push('cross-ref', s, `targetPort ${p.targetPort} is not a named port of the selected pods`);
    }
  }

  for (const pdb of docs.filter((d) => d.kind === 'PodDisruptionBudget')) {
    const spec = obj(pdb.spec);
    const targets = workloads(docs).filter((w) => nsOf(w) === nsOf(pdb) && selects(spec.selector, templateLabels(w)));
    if (targets.length === 0) push('cross-ref', pdb, 'PodDisruptionBudget selects no pods');
    for (const w of targets) {
      const replicas = typeof obj(w.spec).replicas === 'number' ? (obj(w.spec).replicas as number) : 1;
      if (typeof spec.minAvailable === 'number' && spec.minAvailable >= replicas) {
        push('pdb', pdb, `minAvailable ${spec.minAvailable} with ${replicas} replica(s) blocks every node drain`);
      }
    }
  }

  const policies = docs.filter((d) => d.kind === 'NetworkPolicy');
  for (const np of policies) {
    const selected = workloads(docs).filter((w) => nsOf(w) === nsOf(np) && selects(obj(np.spec).podSelector, templateLabels(w)));
    if (selected.length === 0) push('network-policy', np, 'selects no pods of this set');
  }
  if (policy.requireNetworkPolicy) {
    for (const w of workloads(docs)) {
      const covered = policies.some((np) => nsOf(np) === nsOf(w) && selects(obj(np.spec).podSelector, templateLabels(w)));
      if (!covered) push('network-policy', w, 'no NetworkPolicy selects these pods');
    }
  }

  for (const b of docs.filter((d) => d.kind === 'RoleBinding' || d.kind === 'ClusterRoleBinding')) {
    const roleRef = obj(b.roleRef);
    if (roleRef.apiGroup !== 'rbac.authorization.k8s.io') push('cross-ref', b, 'roleRef.apiGroup must be rbac.authorization.k8s.io');
    const roleKind = String(roleRef.kind);
    if (b.kind === 'ClusterRoleBinding' && roleKind !== 'ClusterRole') push('cross-ref', b, 'a ClusterRoleBinding must reference a ClusterRole');
    if (!find(docs, roleKind, String(roleRef.name), nsOf(b))) push('cross-ref', b, `roleRef ${roleKind} ${String(roleRef.name)} is not defined in this set`);
    const subjects = objs(b.subjects);
    if (subjects.length === 0) push('cross-ref', b, 'has no subjects');
    for (const s of subjects) {
      if (s.kind !== 'ServiceAccount') {
        push('cross-ref', b, `subject ${String(s.kind)} ${String(s.name)}: only ServiceAccounts of this set may be bound`);
        continue;
      }
      const ns = str(s.namespace) ?? (b.kind === 'RoleBinding' ? nsOf(b) : undefined);
      if (!ns) push('cross-ref', b, `subject ServiceAccount ${String(s.name)} has no namespace`);
      else if (!find(docs, 'ServiceAccount', String(s.name), ns)) push('cross-ref', b, `subject ServiceAccount ${ns}/${String(s.name)} is not defined in this set`);
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// RBAC: read-only, events only, and the server's account can actually read them.

const READ_VERBS = new Set(['get', 'list', 'watch']);
const EVENT_GROUPS = ['', 'events.k8s.io'];

export function checkRbac(docs: Obj[], policy: K8sPolicy = PROJECT_K8S_POLICY): Finding[] {
  const findings: Finding[] = [];
  const push = (check: string, d: Obj | undefined, message: string): void => void findings.push({ check, ...(d ? { where: describeDoc(d) } : {}), message });
  const roles = docs.filter((d) => d.kind === 'Role' || d.kind === 'ClusterRole');
  for (const r of roles) {
    if (r.aggregationRule !== undefined) push('rbac', r, 'aggregationRule would pull in other roles\' permissions');
    for (const rule of objs(r.rules)) {
      const verbs = arr(rule.verbs).map(String);
      const resources = arr(rule.resources).map(String);
      const groups = arr(rule.apiGroups).map(String);
      if (rule.nonResourceURLs !== undefined) push('rbac', r, 'nonResourceURLs are not needed');
      for (const v of verbs) if (!READ_VERBS.has(v)) push('rbac', r, `verb ${v} is not read-only (get, list, watch)`);
      for (const res of resources) if (res !== 'events') push('rbac', r, `resource ${res}: only events may be read`);
      for (const g of groups) if (!EVENT_GROUPS.includes(g)) push('rbac', r, `API group "${g}": events live in "" and events.k8s.io`);
    }
  }

  // The ServiceAccount of every pod that runs the server must be able to get/list/watch events in
  // both API groups, cluster-wide (gather_timeline reads any namespace).
  for (const w of workloads(docs)) {
    if (!podContainers(w).some((c) => isServerContainer(c, policy))) continue;
    const sa = str(podSpecOf(w)!.serviceAccountName) ?? 'default';
    const ns = nsOf(w);
    const granted = new Map<string, Set<string>>(EVENT_GROUPS.map((g) => [g, new Set<string>()]));
    for (const b of docs.filter((d) => d.kind === 'ClusterRoleBinding')) {
      const bound = objs(b.subjects).some((s) => s.kind === 'ServiceAccount' && s.name === sa && s.namespace === ns);
      if (!bound) continue;
      const role = find(docs, 'ClusterRole', String(obj(b.roleRef).name), undefined);
      for (const rule of objs(role?.rules)) {
        if (!arr(rule.resources).includes('events')) continue;
        for (const g of arr(rule.apiGroups).map(String)) for (const v of arr(rule.verbs).map(String)) granted.get(g)?.add(v);
      }
    }
    for (const [g, verbs] of granted) {
      const missing = [...READ_VERBS].filter((v) => !verbs.has(v));
      if (missing.length > 0) push('rbac-events', w, `ServiceAccount ${sa} lacks ${missing.join(', ')} on events in API group "${g}" (ClusterRoleBinding)`);
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// What this server needs from its pod (design/tools.md configuration, transports/http.ts behaviour).

export function isServerContainer(c: Obj, policy: K8sPolicy): boolean {
  return parseImageRef(str(c.image) ?? '').name.split('/').pop() === policy.serverImage;
}

function argValue(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

function envValue(c: Obj, name: string, docs: Obj[], ns: string | undefined): string | undefined {
  const direct = objs(c.env).find((e) => e.name === name);
  if (direct) return str(direct.value);
  for (const ef of objs(c.envFrom)) {
    const ref = obj(ef.configMapRef);
    const cm = ref.name !== undefined ? find(docs, 'ConfigMap', String(ref.name), ns) : undefined;
    const v = cm ? obj(cm.data)[name] : undefined;
    if (typeof v === 'string') return v;
  }
  return undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const SECRETS = new Set<string>(SECRET_VARIABLES);
/** Variables src/config.ts reads (design/tools.md), so a typo in the ConfigMap is caught before it is ignored. */
const KNOWN_VARIABLES = new Set<string>([
  'LOG_LEVEL', 'POSTMORTEM_STORE_DIR', 'POSTMORTEM_INPUT_ROOTS', 'BOOKSTACK_URL', 'BOOKSTACK_BOOK_ID', 'BOOKSTACK_CHAPTER',
  'LOKI_URL', 'LOKI_TENANT', 'PROMETHEUS_URL', 'PROMETHEUS_USERNAME', 'ALERTMANAGER_URL', 'ALERTMANAGER_USERNAME',
  'GRAFANA_URL', 'WOODPECKER_URL', 'WOODPECKER_REPO', 'MCP_ALLOWED_ORIGINS', 'KUBECONFIG', 'KUBECONTEXT',
  'NODE_ENV', 'NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS',
  ...SECRET_VARIABLES.map((v) => `${v}_FILE`),
  ...['BOOKSTACK', 'LOKI', 'PROMETHEUS', 'ALERTMANAGER', 'GRAFANA', 'WOODPECKER'].map((p) => `${p}_CA_FILE`),
]);

export function checkServer(docs: Obj[], policy: K8sPolicy = PROJECT_K8S_POLICY): Finding[] {
  const findings: Finding[] = [];
  let servers = 0;
  for (const cm of docs.filter((d) => d.kind === 'ConfigMap')) {
    for (const k of Object.keys(obj(cm.data))) {
      if (SECRETS.has(k)) findings.push({ check: 'secrets-as-files', where: describeDoc(cm), message: `${k} is a secret; mount it and set ${k}_FILE instead` });
    }
  }
  for (const w of workloads(docs)) {
    const ps = podSpecOf(w)!;
    const ns = nsOf(w);
    const volumes = objs(ps.volumes);
    const initNames = new Set(objs(ps.initContainers).map((c) => String(c.name)));
    for (const c of podContainers(w)) {
      if (!isServerContainer(c, policy)) continue;
      servers++;
      const where = describeDoc(w);
      const push = (check: string, message: string): void => void findings.push({ check, where, message: `container ${String(c.name)}: ${message}` });
      const argv = [...arr(c.command).map(String), ...arr(c.args).map(String)];
      const isInit = initNames.has(String(c.name));
      if (!(argv.includes('serve') && argv.includes('--http'))) push('server-command', 'must run "serve --http" (stdio has no client in a pod)');
      const host = argValue(argv, '--host') ?? '127.0.0.1';
      const loopback = LOOPBACK.has(host);
      if (isInit) {
        if (c.restartPolicy !== 'Always') push('sidecar', 'an initContainer without restartPolicy: Always blocks the pod forever (native sidecars need it)');
        if (!loopback) push('sidecar', `a sidecar binds to 127.0.0.1, not ${host}, so only its pod reaches it`);
      } else if (loopback) push('server-command', 'a standalone server bound to loopback is unreachable through its Service; use --host 0.0.0.0');

      for (const ef of objs(c.envFrom)) {
        const ref = obj(ef.configMapRef);
        const cm = ref.name !== undefined ? find(docs, 'ConfigMap', String(ref.name), ns) : undefined;
        for (const k of Object.keys(obj(cm?.data))) {
          if (!KNOWN_VARIABLES.has(k) && !SECRETS.has(k)) push('config-keys', `ConfigMap ${String(ref.name)} sets ${k}, which the server does not read`);
        }
      }
      for (const e of objs(c.env)) {
        const name = String(e.name);
        if (!KNOWN_VARIABLES.has(name) && !SECRETS.has(name)) push('config-keys', `env ${name} is not a variable the server reads`);
      }

      const envNames = new Set(objs(c.env).map((e) => String(e.name)));
      if (!envNames.has('MCP_HTTP_TOKEN_FILE') && !envNames.has('MCP_HTTP_TOKEN')) push('server-token', 'MCP_HTTP_TOKEN_FILE is not set; the server refuses a non-loopback bind without a token, and the sidecar keeps one too');
      for (const e of objs(c.env)) {
        const name = String(e.name);
        if (SECRETS.has(name)) push('secrets-as-files', `${name} is passed as an environment value; mount the Secret and set ${name}_FILE`);
      }

      const mounts = objs(c.volumeMounts);
      const volumeAt = (file: string): { mount: Obj; volume: Obj | undefined } | undefined => {
        const mount = mounts
          .filter((m) => file === String(m.mountPath) || file.startsWith(`${String(m.mountPath).replace(/\/$/, '')}/`))
          .sort((a, b) => String(b.mountPath).length - String(a.mountPath).length)[0];
        return mount ? { mount, volume: volumes.find((v) => v.name === mount.name) } : undefined;
      };
      for (const e of objs(c.env)) {
        const name = String(e.name);
        if (!name.endsWith('_FILE') || !SECRETS.has(name.slice(0, -5))) continue;
        const file = str(e.value) ?? '';
        const at = volumeAt(file);
        if (!at || !at.volume) {
          push('file-mount', `${name}=${file} lies under no mounted volume`);
          continue;
        }
        const secretName = str(obj(at.volume.secret).secretName);
        if (secretName) {
          const s = find(docs, 'Secret', secretName, ns);
          const key = file.slice(String(at.mount.mountPath).replace(/\/$/, '').length + 1);
          if (s && !dataKeys(s).has(key)) push('file-mount', `${name}: Secret ${secretName} has no key ${key}`);
        }
        if (at.mount.readOnly !== true) push('file-mount', `the secret mount ${String(at.mount.mountPath)} must be readOnly`);
      }

      const storeDir = envValue(c, 'POSTMORTEM_STORE_DIR', docs, ns) ?? '/data';
      const store = volumeAt(storeDir);
      if (!store || store.mount.readOnly === true) push('store-volume', `POSTMORTEM_STORE_DIR ${storeDir} is not on a writable volume (the root filesystem is read-only)`);
      else if (!store.volume || obj(store.volume).persistentVolumeClaim === undefined) push('store-volume', `POSTMORTEM_STORE_DIR ${storeDir} is not on a PersistentVolumeClaim, so the outbox is lost on restart`);
      const tmp = volumeAt('/tmp');
      if (!tmp || tmp.volume?.emptyDir === undefined) push('tmp-volume', '/tmp needs an emptyDir under a read-only root filesystem');

      const probePath = (probe: Obj): string | undefined => str(obj(probe.httpGet).path) ?? arr(obj(probe.exec).command).map(String).join(' ');
      const live = obj(c.livenessProbe);
      const ready = obj(c.readinessProbe);
      if (!probePath(live)?.includes('/healthz')) push('probes', 'livenessProbe must check /healthz');
      if (!probePath(ready)?.includes('/readyz')) push('probes', 'readinessProbe must check /readyz');
      if (loopback) {
        for (const p of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
          const probe = obj(c[p]);
          if (probe.httpGet !== undefined || probe.tcpSocket !== undefined) push('probes', `${p}: the kubelet probes the pod IP, which a loopback listener never answers; probe with exec`);
        }
      }

      const grace = typeof ps.terminationGracePeriodSeconds === 'number' ? ps.terminationGracePeriodSeconds : 30;
      const preStop = obj(obj(obj(c.lifecycle).preStop).sleep).seconds;
      const needed = (typeof preStop === 'number' ? preStop : 0) + policy.drainSeconds;
      if (grace < 30 || grace <= needed) push('graceful-shutdown', `terminationGracePeriodSeconds ${grace} must be at least 30 and longer than preStop + drain (${needed} s)`);
    }
  }
  if (servers === 0) findings.push({ check: 'server-command', message: `no container runs the ${policy.serverImage} image` });
  return findings;
}

/** Every network-facing rule: ingress only from the client pods, egress never wide open. */
export function checkNetworkPolicies(docs: Obj[], policy: K8sPolicy = PROJECT_K8S_POLICY): Finding[] {
  const findings: Finding[] = [];
  for (const np of docs.filter((d) => d.kind === 'NetworkPolicy')) {
    const push = (message: string): void => void findings.push({ check: 'network-policy', where: describeDoc(np), message });
    const spec = obj(np.spec);
    const types = arr(spec.policyTypes).map(String);
    if (!types.includes('Ingress') || !types.includes('Egress')) push('policyTypes must list Ingress and Egress (default deny both ways)');
    for (const rule of objs(spec.ingress)) {
      const from = objs(rule.from);
      if (from.length === 0) push('an ingress rule without "from" admits every source');
      for (const peer of from) {
        const labels = obj(obj(peer.podSelector).matchLabels);
        if (peer.ipBlock !== undefined || labels[policy.clientPodLabel[0]] !== policy.clientPodLabel[1]) {
          push(`ingress may come only from pods labelled ${policy.clientPodLabel.join('=')}`);
        }
      }
    }
    let dns = false;
    for (const rule of objs(spec.egress)) {
      const to = objs(rule.to);
      const ports = objs(rule.ports);
      if (to.length === 0) push('an egress rule without "to" reaches every destination');
      if (ports.length === 0) push('an egress rule without ports allows every port');
      for (const peer of to) {
        const cidr = str(obj(peer.ipBlock).cidr);
        if (cidr && /\/0$/.test(cidr)) push(`egress to ${cidr} is the whole internet`);
        if (peer.namespaceSelector !== undefined && Object.keys(obj(peer.namespaceSelector)).length === 0) push('an empty namespaceSelector reaches every namespace');
      }
      if (ports.some((p) => p.port === 53)) dns = true;
    }
    if (!dns) push('egress allows no DNS (port 53), so no service name resolves');
  }
  return findings;
}
