/**
 * Live Kubernetes events (design/timeline.md §3.1). Credentials come from the in-cluster service
 * account (token re-read on every fetch, since projected tokens rotate) or from KUBECONFIG's current
 * context (token, token file, client certificate, basic auth; exec and auth-provider plugins are
 * refused with a clear message). Lists core/v1 events per namespace or cluster-wide in chunks of 500
 * following `continue`, falls back to events.k8s.io/v1 where only that group is allowed, reports a
 * 403 per namespace without stopping the others, and filters by time on the client (the API has no
 * time filter). Events live one hour by default, which the note and a warning say.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Agent } from 'undici';
import { parse as parseYaml } from 'yaml';
import type { KubernetesConfig } from '../../config.js';
import { UpstreamError } from '../../errors.js';
import { HttpStatusError, type HttpClient } from '../../http/client.js';
import { parseKubectlEvents } from '../sources/kubernetes.js';
import type { LiveSource, LiveSourceResult, TimeWindow, TimelineFilters } from '../types.js';
import { collector, DEFAULT_SOURCE_TIMEOUT_MS, inWindow, makeClient, sourceFailure, sourceSignal, type LiveOptions } from './common.js';

export const CHUNK = 500;
const MAX_PAGES = 400;
const EVENT_TTL_MS = 3_600_000;
const MAX_NAMESPACES = 100;

export interface KubeAccess {
  server: string;
  token?: string;
  username?: string;
  password?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  serverName?: string;
  /** The namespace of the service account or kubeconfig context, used when cluster-wide listing is refused. */
  namespace?: string;
  /** Where the credentials came from, for messages ("KUBECONFIG context prod"). */
  origin: string;
  /** The variable to fix when they are wrong. */
  variable: string;
}

function kubeError(message: string, field = 'KUBECONFIG'): UpstreamError {
  return new UpstreamError('kubernetes', message, { field });
}

type Named<T> = { name?: string } & T;

/** Resolves the server and credentials; throws an UpstreamError naming what to fix. */
export function resolveKubeAccess(config: KubernetesConfig, readFile: (file: string) => string = (f) => readFileSync(f, 'utf8')): KubeAccess {
  if (config.mode === 'in-cluster') {
    let token: string;
    try {
      token = readFile(config.tokenFile).trim();
    } catch {
      throw kubeError(`the service-account token ${config.tokenFile} cannot be read; mount the service account (automountServiceAccountToken: true) or set KUBECONFIG.`, 'KUBERNETES_SERVICE_HOST');
    }
    let ca: string | undefined;
    try {
      ca = readFile(config.caFile);
    } catch {
      ca = undefined;
    }
    let namespace: string | undefined;
    try {
      namespace = readFile(config.namespaceFile).trim() || undefined;
    } catch {
      namespace = undefined;
    }
    const host = config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
    return {
      server: `https://${host}:${config.port}`,
      token,
      ...(ca ? { ca } : {}),
      ...(namespace ? { namespace } : {}),
      origin: 'the in-cluster service account',
      variable: 'the service account RBAC',
    };
  }
  let text: string;
  try {
    text = readFile(config.path);
  } catch {
    throw kubeError(`KUBECONFIG points at ${config.path}, which cannot be read; fix the path or unset KUBECONFIG.`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = (parseYaml(text) ?? {}) as Record<string, unknown>;
  } catch {
    throw kubeError(`KUBECONFIG (${config.path}) is not valid YAML; check the file with kubectl config view.`);
  }
  const dir = path.dirname(config.path);
  const list = <T>(key: string): Array<Named<T>> => (Array.isArray(doc[key]) ? (doc[key] as Array<Named<T>>) : []);
  const contextName = config.context ?? (typeof doc['current-context'] === 'string' ? (doc['current-context'] as string) : undefined);
  if (!contextName) throw kubeError(`KUBECONFIG (${config.path}) has no current-context; run kubectl config use-context NAME or set KUBECONTEXT.`);
  const ctx = list<{ context?: { cluster?: string; user?: string; namespace?: string } }>('contexts').find((c) => c.name === contextName)?.context;
  if (!ctx) throw kubeError(`KUBECONFIG (${config.path}) has no context named "${contextName}"; check KUBECONTEXT or current-context.`);
  const cluster = list<{ cluster?: Record<string, unknown> }>('clusters').find((c) => c.name === ctx.cluster)?.cluster;
  if (!cluster || typeof cluster.server !== 'string') throw kubeError(`KUBECONFIG context "${contextName}" names cluster "${ctx.cluster ?? ''}", which has no server; fix the clusters section.`);
  const user = (list<{ user?: Record<string, unknown> }>('users').find((u) => u.name === ctx.user)?.user ?? {}) as Record<string, unknown>;
  const origin = `KUBECONFIG context "${contextName}"`;
  const file = (p: unknown, what: string): string | undefined => {
    if (typeof p !== 'string' || p === '') return undefined;
    const full = path.isAbsolute(p) ? p : path.join(dir, p);
    try {
      return readFile(full);
    } catch {
      throw kubeError(`${origin}: the ${what} file ${full} cannot be read; fix the path in the kubeconfig.`);
    }
  };
  const data = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? Buffer.from(v, 'base64').toString('utf8') : undefined);
  if (user.exec !== undefined) {
    throw kubeError(`${origin} authenticates with an exec plugin, which this server does not run; use a kubeconfig with a service-account token (kubectl create token) or client certificate.`);
  }
  if (user['auth-provider'] !== undefined) {
    throw kubeError(`${origin} uses an auth-provider plugin, which this server does not support; use a kubeconfig with a token or client certificate.`);
  }
  const access: KubeAccess = { server: cluster.server.replace(/\/+$/, ''), origin, variable: 'KUBECONFIG' };
  const ca = data(cluster['certificate-authority-data']) ?? file(cluster['certificate-authority'], 'certificate-authority');
  if (ca) access.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) access.insecure = true;
  if (typeof cluster['tls-server-name'] === 'string') access.serverName = cluster['tls-server-name'] as string;
  const token = (typeof user.token === 'string' && user.token !== '' ? (user.token as string) : undefined) ?? file(user.tokenFile, 'tokenFile')?.trim();
  if (token) access.token = token;
  const cert = data(user['client-certificate-data']) ?? file(user['client-certificate'], 'client-certificate');
  const key = data(user['client-key-data']) ?? file(user['client-key'], 'client-key');
  if (cert && key) {
    access.cert = cert;
    access.key = key;
  } else if (cert || key) {
    throw kubeError(`${origin} has a client certificate without its key (or the reverse); give both client-certificate and client-key.`);
  }
  if (typeof user.username === 'string' && typeof user.password === 'string') {
    access.username = user.username as string;
    access.password = user.password as string;
  }
  if (!access.token && !access.cert && !access.username) {
    throw kubeError(`${origin} has no credentials this server can use (token, tokenFile, client certificate or username/password); add one to the user "${ctx.user ?? ''}".`);
  }
  if (ctx.namespace) access.namespace = ctx.namespace;
  return access;
}

interface EventList {
  metadata?: { continue?: string };
  items?: unknown[];
}

type ListOutcome = { ok: true; items: unknown[]; pages: number } | { ok: false; status: number };

async function listAll(client: HttpClient, listPath: string, signal: AbortSignal): Promise<ListOutcome> {
  const items: unknown[] = [];
  let cont: string | undefined;
  let restarted = false;
  let pages = 0;
  for (;;) {
    if (++pages > MAX_PAGES) break;
    let res;
    try {
      res = await client.request<EventList>({ path: listPath, query: { limit: CHUNK, continue: cont }, signal });
    } catch (error) {
      if (error instanceof HttpStatusError && error.status === 410 && cont && !restarted) {
        // The continue token expired (compaction); start over once, duplicates fold by uid.
        restarted = true;
        cont = undefined;
        continue;
      }
      if (error instanceof HttpStatusError && (error.status === 403 || error.status === 404)) return { ok: false, status: error.status };
      throw error;
    }
    items.push(...(res.body?.items ?? []));
    cont = res.body?.metadata?.continue || undefined;
    if (!cont) break;
  }
  return { ok: true, items, pages };
}

/** core/v1 first (it shows both event styles); events.k8s.io/v1 where RBAC allows only that group. */
async function listScope(client: HttpClient, namespace: string | undefined, signal: AbortSignal): Promise<ListOutcome> {
  const scope = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const core = await listAll(client, `/api/v1${scope}/events`, signal);
  if (core.ok) return core;
  const v1 = await listAll(client, `/apis/events.k8s.io/v1${scope}/events`, signal);
  return v1.ok ? v1 : core;
}

export function createKubernetesSource(config: KubernetesConfig, options: LiveOptions = {}): LiveSource {
  return {
    system: 'kubernetes',
    async fetch(window, filters, deps) {
      const started = Date.now();
      const timeoutMs = options.sourceTimeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS;
      const guard = sourceSignal(deps.signal, timeoutMs);
      let client: HttpClient | undefined;
      let agent: Agent | undefined;
      const variable = config.mode === 'kubeconfig' ? 'KUBECONFIG' : 'the service account';
      try {
        const access = resolveKubeAccess(config, options.readFile);
        if (access.ca || access.cert || access.insecure || access.serverName) {
          agent = new Agent({
            connect: {
              ...(access.ca ? { ca: access.ca } : {}),
              ...(access.cert ? { cert: access.cert, key: access.key } : {}),
              ...(access.insecure ? { rejectUnauthorized: false } : {}),
              ...(access.serverName ? { servername: access.serverName } : {}),
            },
          });
        }
        client = makeClient({
          system: 'kubernetes',
          endpoint: { url: access.server, ...(access.token ? { token: access.token } : {}), ...(access.username ? { username: access.username, password: access.password } : {}) },
          urlVariable: config.mode === 'kubeconfig' ? 'the cluster server in KUBECONFIG' : 'KUBERNETES_SERVICE_HOST',
          options,
          ...(agent ? { dispatcher: agent } : {}),
        });
        return await fetchEvents(client, access, window, filters, guard.signal, options.now ?? Date.now);
      } catch (error) {
        throw sourceFailure('kubernetes', error, { urlVariable: variable, tokenVariable: config.mode === 'kubeconfig' ? 'the token or certificate in KUBECONFIG' : 'the service-account token', timeoutMs, expired: guard.expired() });
      } finally {
        guard.dispose();
        deps.log.debug('live source finished', { system: 'kubernetes', requests: client?.stats.requests ?? 0, retries: client?.stats.retries ?? 0, durationMs: Date.now() - started });
        await client?.close();
        await agent?.close();
      }
    },
  };
}

function rbacAdvice(access: KubeAccess, scope: string): string {
  return `grant ${access.origin} get/list on events (API groups "" and events.k8s.io) ${scope}`;
}

async function fetchEvents(client: HttpClient, access: KubeAccess, window: TimeWindow, filters: TimelineFilters, signal: AbortSignal, now: () => number): Promise<LiveSourceResult> {
  const warnings: string[] = [];
  const notes: string[] = [];
  const items: unknown[] = [];
  const refused: string[] = [];
  let listed = 0;
  const wanted = (filters.namespaces ?? []).filter((n) => n.trim() !== '');
  if (wanted.length > 0) {
    for (const ns of wanted) {
      const out = await listScope(client, ns, signal);
      if (out.ok) {
        listed++;
        items.push(...out.items);
      } else {
        refused.push(ns);
        warnings.push(`Kubernetes: events in namespace "${ns}" could not be listed (HTTP ${out.status}); ${rbacAdvice(access, `in namespace ${ns}`)}.`);
      }
    }
    if (listed === 0) {
      throw new UpstreamError('kubernetes', `Kubernetes refused to list events in ${wanted.map((n) => `"${n}"`).join(', ')}; ${rbacAdvice(access, 'in those namespaces (a Role and RoleBinding each, or a ClusterRole)')}.`, { status: 403 });
    }
  } else {
    const all = await listScope(client, undefined, signal);
    if (all.ok) {
      items.push(...all.items);
      notes.push('all namespaces');
    } else {
      // No cluster-wide access to events: read every namespace the account can list and may read.
      const names = await listNamespaces(client, signal);
      if (names) {
        const readable: string[] = [];
        let denied = 0;
        for (const ns of names.slice(0, MAX_NAMESPACES)) {
          const out = await listScope(client, ns, signal);
          if (out.ok) {
            readable.push(ns);
            items.push(...out.items);
          } else denied++;
        }
        if (readable.length > 0) {
          notes.push(`${readable.length} namespace(s) one by one${denied ? `, ${denied} refused` : ''}`);
          warnings.push(`Kubernetes: the account may not list events cluster-wide, so ${readable.length} namespace(s) were read one by one (${readable.slice(0, 5).join(', ')}${readable.length > 5 ? ', ...' : ''})${denied ? ` and ${denied} refused` : ''}${names.length > MAX_NAMESPACES ? `; only the first ${MAX_NAMESPACES} of ${names.length} were tried` : ''}; ${rbacAdvice(access, 'with a ClusterRole')} to read them in one go.`);
          return finish();
        }
      }
      const ns = access.namespace ?? 'default';
      const own = await listScope(client, ns, signal);
      if (!own.ok) {
        throw new UpstreamError('kubernetes', `Kubernetes refused to list events cluster-wide and in namespace "${ns}" (HTTP ${own.status}); ${rbacAdvice(access, 'with a ClusterRole, or pass filters.namespaces the account may read')}.`, { status: own.status });
      }
      items.push(...own.items);
      notes.push(`namespace ${ns} only`);
      warnings.push(`Kubernetes: the account may not list events cluster-wide, so only namespace "${ns}" was read; ${rbacAdvice(access, 'with a ClusterRole')} or pass filters.namespaces.`);
    }
  }
  return finish();

  function finish(): LiveSourceResult {
    const col = collector('kubernetes events', window);
    const parsed = items.length > 0 ? parseKubectlEvents({ kind: 'EventList', items }, col.ctx) : [];
    const kept = inWindow(parsed, window);
    warnings.push(...col.warnings);
    if (refused.length > 0) notes.push(`refused in ${refused.join(', ')}`);
    const ttlEdge = now() - EVENT_TTL_MS;
    if (Number(window.startNs / 1_000_000n) < ttlEdge) {
      warnings.push(`Kubernetes keeps events for 1 hour by default (--event-ttl), so events from before ${new Date(ttlEdge).toISOString()} are probably gone; export them to Loki (an event exporter) to keep them for postmortems.`);
    }
    return {
      events: kept,
      fetched: items.length,
      note: `${items.length} event object(s) listed (${notes.join('; ')})`,
      ...(warnings.length ? { warnings } : {}),
    };
  }
}

async function listNamespaces(client: HttpClient, signal: AbortSignal): Promise<string[] | undefined> {
  try {
    const res = await client.request<{ items?: Array<{ metadata?: { name?: string } }> }>({ path: '/api/v1/namespaces', signal });
    return (res.body?.items ?? []).map((n) => n.metadata?.name).filter((n): n is string => typeof n === 'string' && n !== '');
  } catch (error) {
    if (error instanceof HttpStatusError && (error.status === 403 || error.status === 404)) return undefined;
    throw error;
  }
}
