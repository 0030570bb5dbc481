// A kube-apiserver simulator for events (design/timeline.md §3.1): core/v1 `/api/v1/events` and
// `/api/v1/namespaces/{ns}/events`, events.k8s.io/v1 equivalents, `limit` + `continue` chunking with
// `metadata.continue` and `remainingItemCount`, bearer-token authentication (401 Status), RBAC per
// namespace and at cluster scope (403 Status), an expired continue token (410). Events are stored as
// core/v1 objects and converted on the fly for events.k8s.io/v1. Test code only.
import { bearer, startSim, type Sim, type SimOptions, type SimReply, type SimRequest } from './live-base.js';

export interface CoreEvent {
  metadata: { name: string; namespace: string; uid: string; resourceVersion?: string; creationTimestamp?: string };
  involvedObject: Record<string, string>;
  reason?: string;
  message?: string;
  source?: { component?: string; host?: string };
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  count?: number;
  type?: string;
  eventTime?: string | null;
  series?: { count: number; lastObservedTime: string };
  action?: string;
  reportingComponent?: string;
  reportingInstance?: string;
  [key: string]: unknown;
}

export interface KubeSimOptions extends SimOptions {
  events: CoreEvent[];
  token: string;
  /** Namespaces the token may list; `*` = cluster-wide. */
  allowedNamespaces: string[] | '*';
  user?: string;
  /** RBAC grants only events.k8s.io (core/v1 events answer 403). */
  onlyEventsGroup?: boolean;
  /** The account may list namespaces even without cluster-wide access to events. */
  canListNamespaces?: boolean;
}

export interface KubeSim extends Sim {
  /** Makes the next continue token the server hands out expire (410 Gone when used). */
  expireContinueTokens(): void;
}

function status(code: number, reason: string, message: string): SimReply {
  return { status: code, json: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code } };
}

export function toEventsV1(e: CoreEvent): Record<string, unknown> {
  return {
    kind: 'Event',
    apiVersion: 'events.k8s.io/v1',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    ...(e.series ? { series: e.series } : {}),
    reportingController: e.reportingComponent ?? '',
    reportingInstance: e.reportingInstance ?? '',
    action: e.action ?? '',
    reason: e.reason ?? '',
    regarding: e.involvedObject,
    note: e.message ?? '',
    type: e.type ?? '',
    ...(e.source ? { deprecatedSource: e.source } : {}),
    ...(e.firstTimestamp ? { deprecatedFirstTimestamp: e.firstTimestamp } : {}),
    ...(e.lastTimestamp ? { deprecatedLastTimestamp: e.lastTimestamp } : {}),
    ...(e.count !== undefined ? { deprecatedCount: e.count } : {}),
  };
}

export async function startKubeSim(options: KubeSimOptions): Promise<KubeSim> {
  const user = options.user ?? 'system:serviceaccount:postmortem:postmortem-mcp';
  let expireNext = false;
  let issued = 0;
  const expired = new Set<string>();
  let rv = 1000;
  const events = options.events.map((e) => ({ ...e, metadata: { ...e.metadata, resourceVersion: e.metadata.resourceVersion ?? String(++rv) } }));

  const handler = (req: SimRequest): SimReply => {
    const token = bearer(req);
    if (token !== options.token) return status(401, 'Unauthorized', 'Unauthorized');
    const m = /^\/(api\/v1|apis\/events\.k8s\.io\/v1)(?:\/namespaces\/([^/]+))?\/events$/.exec(req.path);
    if (!m) {
      if (req.path === '/api/v1/namespaces') {
        if (options.allowedNamespaces !== '*' && !options.canListNamespaces) {
          return status(403, 'Forbidden', `namespaces is forbidden: User "${user}" cannot list resource "namespaces" in API group "" at the cluster scope`);
        }
        const names = [...new Set(events.map((e) => e.metadata.namespace))].sort();
        return { status: 200, json: { kind: 'NamespaceList', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items: names.map((name) => ({ metadata: { name } })) } };
      }
      return status(404, 'NotFound', 'the server could not find the requested resource');
    }
    const group = m[1] === 'api/v1' ? '' : 'events.k8s.io';
    const ns = m[2] ? decodeURIComponent(m[2]) : undefined;
    if (options.onlyEventsGroup && group === '') {
      return status(403, 'Forbidden', `events is forbidden: User "${user}" cannot list resource "events" in API group "" ${ns ? `in the namespace "${ns}"` : 'at the cluster scope'}`);
    }
    if (options.allowedNamespaces !== '*') {
      if (ns === undefined) {
        return status(403, 'Forbidden', `events${group ? `.${group}` : ''} is forbidden: User "${user}" cannot list resource "events" in API group "${group}" at the cluster scope`);
      }
      if (!options.allowedNamespaces.includes(ns)) {
        return status(403, 'Forbidden', `events${group ? `.${group}` : ''} is forbidden: User "${user}" cannot list resource "events" in API group "${group}" in the namespace "${ns}"`);
      }
    }
    const scoped = events.filter((e) => ns === undefined || e.metadata.namespace === ns);
    const typeSel = /(?:^|,)type=([^,]+)/.exec(req.query.get('fieldSelector') ?? '')?.[1];
    const selected = typeSel ? scoped.filter((e) => e.type === typeSel) : scoped;
    const cont = req.query.get('continue');
    let offset = 0;
    if (cont) {
      if (expired.has(cont)) {
        return status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
      }
      try {
        offset = (JSON.parse(Buffer.from(cont, 'base64').toString('utf8')) as { o: number }).o;
      } catch {
        return status(400, 'BadRequest', 'continue key is not valid: illegal base64 data');
      }
    }
    const limitRaw = req.query.get('limit');
    const limit = limitRaw ? Number(limitRaw) : 0;
    const page = limit > 0 ? selected.slice(offset, offset + limit) : selected.slice(offset);
    const next = offset + page.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(rv) };
    if (limit > 0 && next < selected.length) {
      const token2 = Buffer.from(JSON.stringify({ o: next, rv, n: ++issued })).toString('base64');
      metadata.continue = token2;
      metadata.remainingItemCount = selected.length - next;
      if (expireNext) {
        expired.add(token2);
        expireNext = false;
      }
    }
    const items = group === '' ? page.map((e) => ({ ...e })) : page.map(toEventsV1);
    return {
      status: 200,
      json: {
        kind: 'EventList',
        apiVersion: group === '' ? 'v1' : 'events.k8s.io/v1',
        metadata,
        items,
      },
    };
  };

  const sim = await startSim(handler, options);
  return Object.assign(sim, {
    expireContinueTokens() {
      expireNext = true;
    },
  });
}
