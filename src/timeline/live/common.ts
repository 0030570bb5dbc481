/**
 * What every live fetcher shares: building the HTTP client from an endpoint's configuration, a
 * ParseContext that feeds the same parsers the exported evidence uses, a per-source deadline joined
 * with the MCP request's signal, and turning any failure into one actionable UpstreamError.
 */
import { CancelledError, UpstreamError, isPostmortemError } from '../../errors.js';
import { createHttpClient, HttpStatusError, type HttpClient, type HttpClientOptions } from '../../http/client.js';
import type { Dispatcher } from 'undici';
import type { LogLine, ParseContext, TimeWindow, TimelineEvent } from '../types.js';

export type HttpFactory = (options: HttpClientOptions) => HttpClient;

export interface LiveOptions {
  /** Builds the HTTP client of each source (tests inject counting or mocked clients). */
  http?: HttpFactory;
  /** Per-request timeout (default 15 s). */
  requestTimeoutMs?: number;
  /** Deadline for one source's whole fetch, every page and retry included (default 90 s). */
  sourceTimeoutMs?: number;
  now?: () => number;
  /** Reads token, CA and kubeconfig files (default fs.readFileSync). */
  readFile?: (file: string) => string;
  loki?: LokiTuning;
  maxRetries?: number;
}

export interface LokiTuning {
  /** Entries per query_range request (Loki's max_entries_limit_per_query default). */
  pageLimit?: number;
  /** Raw lines fetched at most; above it the patterns endpoint or truncation applies. */
  maxLines?: number;
  /** Longest interval per request (Loki's max_query_length; default 721 h). */
  maxQueryLengthMs?: number;
  /** Read a window of equal length before start so patterns can be marked new (default true). */
  baseline?: boolean;
  baselineMaxLines?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
export const DEFAULT_SOURCE_TIMEOUT_MS = 90_000;

export interface Endpoint {
  url: string;
  caFile?: string;
  token?: string;
  username?: string;
  password?: string;
}

export interface ClientSpec {
  system: string;
  endpoint: Endpoint;
  urlVariable: string;
  headers?: Record<string, string>;
  options: LiveOptions;
  /** A TLS agent built from inline CA or client-certificate data (kubeconfig). */
  dispatcher?: Dispatcher;
}

export function authHeaders(endpoint: Endpoint): Record<string, string> {
  if (endpoint.token) return { authorization: `Bearer ${endpoint.token}` };
  if (endpoint.username !== undefined && endpoint.password !== undefined) {
    return { authorization: `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`).toString('base64')}` };
  }
  return {};
}

export function makeClient(spec: ClientSpec): HttpClient {
  const factory = spec.options.http ?? createHttpClient;
  const secrets = [spec.endpoint.token, spec.endpoint.password].filter((s): s is string => typeof s === 'string' && s.length > 0);
  const requestTimeoutMs = spec.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  return factory({
    system: spec.system,
    baseUrl: spec.endpoint.url,
    headers: { ...authHeaders(spec.endpoint), ...(spec.headers ?? {}) },
    ...(spec.endpoint.caFile && !spec.dispatcher ? { caFile: spec.endpoint.caFile } : {}),
    ...(spec.dispatcher ? { dispatcher: spec.dispatcher } : {}),
    requestTimeoutMs,
    overallTimeoutMs: Math.max(requestTimeoutMs * 3, 30_000),
    ...(spec.options.maxRetries !== undefined ? { maxRetries: spec.options.maxRetries } : {}),
    secrets,
    urlVariable: spec.urlVariable,
  });
}

/** The request's signal joined with the source's own deadline; `expired()` says which one fired. */
export function sourceSignal(parent: AbortSignal, timeoutMs: number): { signal: AbortSignal; expired: () => boolean; dispose: () => void } {
  const own = new AbortController();
  const timer = setTimeout(() => own.abort(), timeoutMs);
  timer.unref?.();
  return {
    signal: AbortSignal.any([parent, own.signal]),
    expired: () => own.signal.aborted && !parent.aborted,
    dispose: () => clearTimeout(timer),
  };
}

export interface Collector {
  ctx: ParseContext;
  lines: LogLine[];
  warnings: string[];
}

export function collector(label: string, window: TimeWindow): Collector {
  const lines: LogLine[] = [];
  const warnings: string[] = [];
  return {
    lines,
    warnings,
    ctx: {
      label,
      window,
      warn: (message) => {
        if (warnings.length < 50 && !warnings.includes(message)) warnings.push(message);
      },
      log: (line) => {
        lines.push(line);
      },
    },
  };
}

/** Keeps events whose [firstSeen, lastSeen] intersects [start, end) (design/timeline.md §2 rule 4). */
export function inWindow(events: TimelineEvent[], window: TimeWindow): TimelineEvent[] {
  return events.filter((e) => {
    const first = e.tsNs ? BigInt(e.tsNs) : BigInt(Date.parse(e.firstSeen)) * 1_000_000n;
    const lastMs = Date.parse(e.lastSeen);
    const last = Number.isFinite(lastMs) ? BigInt(lastMs) * 1_000_000n : first;
    // Still firing or running: it reaches the window end whatever its recorded last sighting.
    const end = e.openEnded ? window.endNs : last > first ? last : first;
    const keep = first < window.endNs && end >= window.startNs;
    if (keep && first < window.startNs) e.startedBeforeWindow = true;
    return keep;
  });
}

export function nsToSeconds(ns: bigint): number {
  return Number(ns / 1_000_000n) / 1000;
}

/**
 * Any failure of a whole source as an UpstreamError whose message is safe and says what to fix.
 * Cancellation by the client stays a CancelledError; the source deadline becomes an upstream timeout.
 */
export function sourceFailure(system: string, error: unknown, advice: { urlVariable: string; tokenVariable?: string; timeoutMs: number; expired: boolean }): Error {
  if (advice.expired) {
    return new UpstreamError(system, `${system} did not finish within ${advice.timeoutMs < 10_000 ? (advice.timeoutMs / 1000).toFixed(1) : Math.round(advice.timeoutMs / 1000)} s; narrow the window or the filters, or check that ${advice.urlVariable} answers quickly.`, { transient: true });
  }
  if (error instanceof CancelledError) return error;
  if (error instanceof HttpStatusError) {
    if (error.status === 401) {
      return new UpstreamError(system, `${system} rejected the credentials (HTTP 401); ${advice.tokenVariable ? `check ${advice.tokenVariable}` : `set the token variable for ${system}`} (it may have expired).`, { status: 401 });
    }
    if (error.status === 403) {
      return new UpstreamError(system, `${system} refused the request (HTTP 403); give the account behind ${advice.tokenVariable ?? advice.urlVariable} read access to what gather_timeline lists.`, { status: 403 });
    }
    return error;
  }
  if (isPostmortemError(error)) return error;
  return new UpstreamError(system, `${system} could not be read (${(error as Error)?.name ?? 'error'}); check ${advice.urlVariable} and try again.`);
}
