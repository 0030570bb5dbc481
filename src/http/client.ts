/**
 * The one HTTP client every upstream (BookStack, Loki, Prometheus, Grafana, Woodpecker, Kubernetes)
 * goes through. It never keeps cookies (a BookStack session cookie overrides the API token), repeats
 * only requests that are safe to repeat, and turns every failure into an UpstreamError whose message
 * says what to fix without quoting the token, a URL credential or the upstream body.
 */
import { readFileSync } from 'node:fs';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { CancelledError, ConfigurationError, UpstreamError } from '../errors.js';

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue | readonly QueryValue[]>;
export type RetryMode = boolean | 'unprocessed';

export interface HttpClientOptions {
  /** Names the upstream in errors and logs ("bookstack", "loki"...). */
  system: string;
  /** Origin plus optional sub-path; request paths are appended to it. */
  baseUrl: string;
  headers?: Record<string, string>;
  /** PEM bundle trusted in addition to the system CAs. */
  caFile?: string;
  requestTimeoutMs?: number;
  /** Deadline for one logical request including every retry and wait. */
  overallTimeoutMs?: number;
  maxRetries?: number;
  /** Exact values masked in every message this client produces. */
  secrets?: string[];
  dispatcher?: Dispatcher;
  /** Names the configuration variable of the base URL in advice ("BOOKSTACK_URL"). */
  urlVariable?: string;
  maxResponseBytes?: number;
  /** Injectable for tests and benchmarks. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  system: string;
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface HttpRequestOptions {
  method?: string;
  path: string;
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * true: repeat on any transient failure; false: never repeat; 'unprocessed': repeat only failures
   * where the upstream provably did nothing (429, connection refused). Default: true for
   * GET/HEAD/PUT/DELETE/OPTIONS, 'unprocessed' for POST/PATCH.
   */
  retry?: RetryMode;
  expect?: 'json' | 'text';
  /** Statuses returned instead of thrown (e.g. [404] for a probe). */
  accept?: readonly number[];
}

export interface HttpResponse<T> {
  status: number;
  headers: Record<string, string>;
  body: T;
}

export interface HttpStats {
  requests: number;
  retries: number;
}

export interface HttpClient {
  request<T = unknown>(opts: HttpRequestOptions): Promise<HttpResponse<T>>;
  readonly stats: HttpStats;
  readonly system: string;
  /** The base URL without credentials, for building links. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Details of a non-2xx answer, for system-specific mapping; the raw body never goes into `message`. */
export class HttpStatusError extends UpstreamError {
  declare readonly status: number;
  readonly headers: Record<string, string>;
  /** Parsed JSON body when there was one (non-enumerable so it is never serialised into a log line). */
  declare readonly json: unknown;
  readonly html: boolean;
  readonly method: string;
  readonly path: string;
  readonly retryAfterMs: number | undefined;

  constructor(
    system: string,
    message: string,
    details: {
      status: number;
      transient: boolean;
      headers: Record<string, string>;
      json: unknown;
      html: boolean;
      method: string;
      path: string;
      retryAfterMs?: number;
    },
  ) {
    super(system, message, { status: details.status, transient: details.transient });
    this.headers = details.headers;
    Object.defineProperty(this, 'json', { value: details.json, enumerable: false });
    this.html = details.html;
    this.method = details.method;
    this.path = details.path;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** A failure before any status line: timeout, reset, refused, DNS. */
export class HttpNetworkError extends UpstreamError {
  readonly code: string;
  /** True when the request provably never reached the server (nothing could have been written). */
  readonly unprocessed: boolean;
  readonly timedOut: boolean;

  constructor(system: string, message: string, details: { code: string; unprocessed: boolean; timedOut: boolean }) {
    super(system, message, { transient: true });
    this.code = details.code;
    this.unprocessed = details.unprocessed;
    this.timedOut = details.timedOut;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const UNPROCESSED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const system = options.system;
  const base = parseBase(options.baseUrl, options);
  const requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
  const overallTimeoutMs = options.overallTimeoutMs ?? 45_000;
  const maxRetries = options.maxRetries ?? 4;
  const maxResponseBytes = options.maxResponseBytes ?? 32 * 1024 * 1024;
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 3);
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const urlVar = options.urlVariable ?? `${system.toUpperCase()}_URL`;
  let ownedAgent: Agent | undefined;
  let dispatcher = options.dispatcher;
  if (!dispatcher && options.caFile) {
    let ca: Buffer;
    try {
      ca = readFileSync(options.caFile);
    } catch {
      throw new ConfigurationError([`the CA file for ${system} (${options.caFile}) cannot be read; mount the PEM bundle there or unset the *_CA_FILE variable.`]);
    }
    ownedAgent = new Agent({ connect: { ca } });
    dispatcher = ownedAgent;
  }
  const defaultHeaders = lowerKeys(options.headers ?? {});
  const stats: HttpStats = { requests: 0, retries: 0 };

  const scrub = (text: string): string => {
    let out = text;
    for (const s of secrets) out = out.split(s).join('[REDACTED]');
    return out;
  };

  async function request<T>(opts: HttpRequestOptions): Promise<HttpResponse<T>> {
    const method = (opts.method ?? 'GET').toUpperCase();
    const retryMode: RetryMode = opts.retry ?? (SAFE_METHODS.has(method) ? true : 'unprocessed');
    const idempotent = SAFE_METHODS.has(method);
    const url = buildUrl(base, opts.path, opts.query);
    const where = `${method} ${displayPath(base, opts.path)}`;
    const headers: Record<string, string> = { ...defaultHeaders, ...lowerKeys(opts.headers ?? {}) };
    // Never send cookies, whatever a caller put in the headers (design/bookstack.md §2).
    delete headers.cookie;
    let payload: string | undefined;
    if (opts.body !== undefined) {
      payload = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    if ((opts.expect ?? 'json') === 'json') headers.accept ??= 'application/json';

    const started = now();
    const deadline = started + overallTimeoutMs;
    let attempt = 0;
    for (;;) {
      if (opts.signal?.aborted) throw new CancelledError();
      const remaining = deadline - now();
      if (remaining <= 0) {
        throw new UpstreamError(system, `${system} did not answer ${where} within ${Math.round(overallTimeoutMs / 1000)} s; check that ${urlVar} is reachable from this server, then try again.`, { transient: true });
      }
      let failure: HttpStatusError | HttpNetworkError;
      try {
        stats.requests += 1;
        const res = await once<T>(url, method, headers, payload, Math.min(requestTimeoutMs, remaining), opts, where);
        return res;
      } catch (error) {
        if (error instanceof CancelledError) throw error;
        if (!(error instanceof HttpStatusError) && !(error instanceof HttpNetworkError)) throw error;
        failure = error;
      }
      const retryable = isRetryable(failure, retryMode, idempotent);
      if (!retryable || attempt >= maxRetries) throw failure;
      const backoff = Math.min(8_000, 250 * 2 ** attempt);
      let delay = Math.round(backoff / 2 + random() * (backoff / 2));
      if (failure instanceof HttpStatusError && failure.retryAfterMs !== undefined) {
        delay = Math.max(failure.retryAfterMs, 0) + Math.round(random() * 250);
      }
      if (now() + delay >= deadline) {
        if (failure instanceof HttpStatusError && failure.status === 429) {
          throw new HttpStatusError(system, `${system} is rate limiting requests (HTTP 429) and asked to wait longer than the ${Math.round(overallTimeoutMs / 1000)} s deadline; try again in a minute or raise the upstream rate limit.`, {
            status: 429,
            transient: true,
            headers: failure.headers,
            json: failure.json,
            html: false,
            method,
            path: failure.path,
            ...(failure.retryAfterMs !== undefined ? { retryAfterMs: failure.retryAfterMs } : {}),
          });
        }
        throw failure;
      }
      attempt += 1;
      stats.retries += 1;
      options.onRetry?.({ system, method, path: displayPath(base, opts.path), attempt, delayMs: delay, reason: failure instanceof HttpStatusError ? `HTTP ${failure.status}` : failure.code });
      try {
        await sleep(delay, opts.signal);
      } catch {
        throw new CancelledError();
      }
    }
  }

  async function once<T>(
    url: URL,
    method: string,
    headers: Record<string, string>,
    payload: string | undefined,
    timeoutMs: number,
    opts: HttpRequestOptions,
    where: string,
  ): Promise<HttpResponse<T>> {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timer.signal]) : timer.signal;
    let res: Dispatcher.ResponseData;
    try {
      res = await undiciRequest(url, {
        method: method as Dispatcher.HttpMethod,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        signal,
        ...(dispatcher ? { dispatcher } : {}),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
    } catch (error) {
      clearTimeout(timeout);
      if (opts.signal?.aborted) throw new CancelledError();
      throw networkError(error, timer.signal.aborted, where, timeoutMs);
    }
    let text: string;
    try {
      text = await readBody(res, maxResponseBytes);
    } catch (error) {
      clearTimeout(timeout);
      if (opts.signal?.aborted) throw new CancelledError();
      if (error instanceof UpstreamError) throw error;
      throw networkError(error, timer.signal.aborted, where, timeoutMs);
    } finally {
      clearTimeout(timeout);
    }
    const resHeaders = flattenHeaders(res.headers);
    const contentType = resHeaders['content-type'] ?? '';
    const html = /text\/html|application\/xhtml/i.test(contentType) || /^\s*<(?:!doctype|html|head|body)\b/i.test(text);
    const status = res.statusCode;
    const expect = opts.expect ?? 'json';
    let json: unknown;
    let parsed = false;
    if (text.length > 0 && !html) {
      try {
        json = JSON.parse(text);
        parsed = true;
      } catch {
        parsed = false;
      }
    }
    const ok = (status >= 200 && status < 300) || (opts.accept?.includes(status) ?? false);
    if (ok) {
      if (expect === 'text') return { status, headers: resHeaders, body: text as T };
      if (text.length === 0) return { status, headers: resHeaders, body: undefined as T };
      if (!parsed) {
        throw new HttpStatusError(
          system,
          html
            ? `${system} answered ${where} with an HTML page where JSON was expected; ${urlVar} probably points at the wrong path (it must be the base URL the API lives under) or a proxy or login page is in the way.`
            : `${system} answered ${where} with a body that is not JSON; check that ${urlVar} points at the right service and no proxy rewrites the answer.`,
          { status, transient: false, headers: resHeaders, json: undefined, html, method, path: displayPath(base, opts.path) },
        );
      }
      return { status, headers: resHeaders, body: json as T };
    }
    const retryAfterMs = status === 429 || status === 503 ? retryAfter(resHeaders, now()) : undefined;
    const transient = status === 429 || status === 408 || status >= 500;
    throw new HttpStatusError(system, scrub(statusMessage(system, status, where, html, urlVar)), {
      status,
      transient,
      headers: resHeaders,
      json: parsed ? json : undefined,
      html,
      method,
      path: displayPath(base, opts.path),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }

  function networkError(error: unknown, timedOut: boolean, where: string, timeoutMs: number): HttpNetworkError {
    const code = timedOut ? 'TIMEOUT' : errorCode(error);
    const isTimeout = /TIMEOUT/.test(code);
    const unprocessed = UNPROCESSED_CODES.has(code);
    let message: string;
    if (isTimeout) {
      message = `${system} did not answer ${where} within ${Math.round(timeoutMs / 100) / 10} s; check that ${urlVar} is reachable and the service is healthy, then try again.`;
    } else if (code === 'ECONNREFUSED') {
      message = `${system} refused the connection for ${where}; check that ${urlVar} names the right host and port and that the service is running.`;
    } else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      message = `${system} host name in ${urlVar} cannot be resolved; check the spelling of the host or the DNS of this server.`;
    } else if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code)) {
      message = `${system} presented a TLS certificate this server does not trust (${code}); set the matching *_CA_FILE to the CA bundle that signed it.`;
      return new HttpNetworkError(system, message, { code, unprocessed: true, timedOut: false });
    } else {
      message = `${system} closed the connection during ${where} (${code}); the service or a proxy in front of it dropped it, try again shortly.`;
    }
    return new HttpNetworkError(system, scrub(message), { code, unprocessed, timedOut: isTimeout });
  }

  return {
    request,
    stats,
    system,
    baseUrl: base.href.replace(/\/+$/, ''),
    async close() {
      await ownedAgent?.close();
    },
  };
}

function isRetryable(failure: HttpStatusError | HttpNetworkError, mode: RetryMode, idempotent: boolean): boolean {
  if (mode === false) return false;
  if (failure instanceof HttpNetworkError) {
    if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ENOTFOUND/i.test(failure.code)) return false;
    return mode === true || failure.unprocessed;
  }
  const s = failure.status;
  if (s === 429) return true;
  if (mode === 'unprocessed') return false;
  if (s === 502 || s === 503 || s === 504 || s === 408) return true;
  if (s === 500) return idempotent;
  return false;
}

function statusMessage(system: string, status: number, where: string, html: boolean, urlVar: string): string {
  const proxy = html ? ' (the answer was an HTML page, so a proxy or a wrong base URL may be in the way)' : '';
  if (status === 401) return `${system} rejected the credentials for ${where} (HTTP 401); check the token configured for ${system}${proxy}.`;
  if (status === 403) return `${system} refused ${where} (HTTP 403); give the configured account the permission this action needs${proxy}.`;
  if (status === 404) {
    return html
      ? `${system} has no endpoint at ${where} (HTML 404); ${urlVar} probably has a wrong or doubled path.`
      : `${system} has nothing at ${where} (HTTP 404); check the id or name you asked for.`;
  }
  if (status === 413) return `${system} refused ${where} because the request is too large (HTTP 413); shorten the document or raise the upload limit of the server or proxy.`;
  if (status === 429) return `${system} is rate limiting requests (HTTP 429); wait a minute and try again.`;
  if (status === 502 || status === 504) return `${system} could not be reached through its proxy for ${where} (HTTP ${status}); the service behind the proxy is down or slow, try again shortly.`;
  if (status === 503) return `${system} is temporarily unavailable for ${where} (HTTP 503); try again shortly.`;
  if (status >= 500) return `${system} failed while handling ${where} (HTTP ${status}); the server log of ${system} has the cause, try again later.`;
  return `${system} refused ${where} (HTTP ${status})${proxy}; check the arguments sent.`;
}

function parseBase(raw: string, options: HttpClientOptions): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigurationError([`${options.urlVariable ?? `the ${options.system} URL`} must be an http(s) URL such as https://host.example/ (got something else).`]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigurationError([`${options.urlVariable ?? `the ${options.system} URL`} must use http or https.`]);
  }
  // Credentials in the URL would travel in every log line that names the URL; the token variables carry them.
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

export function buildUrl(base: URL, path: string, query?: Query): URL {
  const relative = path.replace(/^\/+/, '');
  const url = new URL(base.href);
  url.pathname = base.pathname + relative;
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values as QueryValue[]) {
      if (v === undefined || v === null) continue;
      parts.push(`${encodeQueryComponent(key)}=${encodeQueryComponent(String(v))}`);
    }
  }
  url.search = parts.length > 0 ? `?${parts.join('&')}` : '';
  return url;
}

/** encodeURIComponent plus the characters PHP and proxies treat specially; brackets kept readable for filter[name]. */
function encodeQueryComponent(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%5B/g, '[')
    .replace(/%5D/g, ']');
}

function displayPath(base: URL, path: string): string {
  return `${base.pathname.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function retryAfter(headers: Record<string, string>, nowMs: number): number | undefined {
  const ra = headers['retry-after'];
  if (ra !== undefined) {
    const seconds = Number(ra.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = headers['x-ratelimit-reset'];
  if (reset !== undefined) {
    const unix = Number(reset.trim());
    if (Number.isFinite(unix) && unix > 0) return Math.max(0, unix * 1000 - nowMs);
  }
  return undefined;
}

async function readBody(res: Dispatcher.ResponseData, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) {
      res.body.destroy();
      throw new UpstreamError('http', `the upstream answer is larger than ${Math.round(limit / 1024 / 1024)} MiB; narrow the request.`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function errorCode(error: unknown): string {
  let e: unknown = error;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED' && code !== 'ABORT_ERR') return code;
    e = (e as { cause?: unknown }).cause;
  }
  if (error && typeof error === 'object' && (error as { name?: string }).name === 'AbortError') return 'TIMEOUT';
  return 'ECONNRESET';
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
