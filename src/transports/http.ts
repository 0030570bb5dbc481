/**
 * Streamable HTTP at /mcp (stateless, both protocol eras), plus /healthz and /readyz.
 * Guards, in order: Host (DNS rebinding), Origin (403 for a foreign browser origin), bearer token
 * (MCP_HTTP_TOKEN; mandatory when bound beyond loopback), body size. SIGTERM stops accepting, turns
 * /readyz to 503 and lets in-flight requests finish within the drain timeout.
 */
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostHeaderValidation, originValidation, toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler } from '@modelcontextprotocol/server';
import { ConfigurationError } from '../errors.js';
import { createServer, type ServerDeps } from '../server.js';
import type { RunningTransport } from './stdio.js';

export interface HttpOptions {
  host: string;
  port: number;
  /** Upper bound on a request body; gather_timeline inputs can be large. */
  maxBodyBytes?: number;
  drainTimeoutMs?: number;
  /** Extra Host header names to accept (e.g. the Service's DNS name). */
  allowedHosts?: string[];
  handleSignals?: boolean;
}

export interface RunningHttp extends RunningTransport {
  url: string;
  port: number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export async function startHttp(deps: ServerDeps, options: HttpOptions): Promise<RunningHttp> {
  const { config, log } = deps;
  const loopback = isLoopback(options.host);
  const token = config.http.token;
  if (!loopback && !token) {
    throw new ConfigurationError([
      `MCP_HTTP_TOKEN is required when serving HTTP on ${options.host}, which is not a loopback address; set it (or MCP_HTTP_TOKEN_FILE) or bind --host 127.0.0.1.`,
    ]);
  }
  const maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;

  const mcp = createMcpHandler(() => createServer(deps), {
    maxRequestBodySize: maxBodyBytes,
    onerror: (error) => log.debug('mcp handler', { error: error.message }),
  });
  const handle = toNodeHandler(mcp, {
    maxRequestBodySize: maxBodyBytes,
    onerror: (error) => log.warn('mcp adapter error', { error: error.message }),
  });

  // Host validation protects browsers on this machine from DNS rebinding. Beyond loopback the bearer
  // token does that job, and Host names depend on the cluster, so only configured extras are enforced.
  const hostNames = [...(loopback ? ['localhost', '127.0.0.1', '[::1]'] : []), ...(options.allowedHosts ?? [])];
  const validateHost = hostNames.length > 0 ? hostHeaderValidation(hostNames) : () => true;
  const originHosts = ['localhost', '127.0.0.1', '[::1]', ...config.http.allowedOrigins.map((o) => new URL(o).hostname)];
  const validateOrigin = originValidation(originHosts);

  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) return json(res, 200, { status: 'ok' });
    if (path === '/readyz' && (req.method === 'GET' || req.method === 'HEAD')) {
      return draining ? json(res, 503, { status: 'draining' }) : json(res, 200, { status: 'ready' });
    }
    if (path !== '/mcp') return json(res, 404, { error: 'Not found: the MCP endpoint is /mcp.' });
    if (!validateHost(req, res)) return;
    if (!validateOrigin(req, res)) return;
    if (token && !tokenMatches(req.headers.authorization, token)) {
      return json(
        res,
        401,
        { jsonrpc: '2.0', error: { code: -32001, message: 'Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>.' }, id: null },
        { 'www-authenticate': 'Bearer realm="postmortem-mcp"' },
      );
    }
    if (draining) {
      return json(res, 503, { jsonrpc: '2.0', error: { code: -32000, message: 'Server is shutting down; retry on another replica.' }, id: null }, { connection: 'close' });
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) {
      return json(res, 413, { jsonrpc: '2.0', error: { code: -32600, message: `Request body over ${maxBodyBytes} bytes; send large evidence as inputs[].path instead of content.` }, id: null });
    }
    inFlight += 1;
    const done = () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    };
    res.once('close', done);
    handle(req, res).catch((error: unknown) => {
      log.error('http request failed', { error });
      if (!res.headersSent) json(res, 500, { jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
    });
  });
  server.requestTimeout = 0; // long tools stream progress; the drain timeout bounds shutdown instead
  server.headersTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}/mcp`;
  log.info('listening', { url, auth: token ? 'bearer' : 'none' });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
  let closing = false;
  const close = async () => {
    if (closing) return closed;
    closing = true;
    draining = true;
    server.close();
    server.closeIdleConnections();
    if (inFlight > 0) {
      log.info('draining', { inFlight, timeoutMs: drainTimeoutMs });
      await Promise.race([new Promise<void>((r) => (idle = r)), new Promise<void>((r) => setTimeout(r, drainTimeoutMs).unref())]);
    }
    await mcp.close().catch(() => {});
    server.closeAllConnections();
    resolveClosed();
    return closed;
  };
  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      log.info('shutting down', { signal });
      void close();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  return { url, port: address.port, closed, close };
}
