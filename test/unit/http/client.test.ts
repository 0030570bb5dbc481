import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, HttpStatusError } from '../../../src/http/client.js';
import { CancelledError, ConfigurationError, UpstreamError } from '../../../src/errors.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler;
const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  seen.length = 0;
  handler = (_req, res) => json(res, 200, { ok: true });
});

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const noSleep = async () => {};

function client(extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  return createHttpClient({ system: 'bookstack', baseUrl: base, sleep: noSleep, urlVariable: 'BOOKSTACK_URL', ...extra });
}

describe('createHttpClient', () => {
  it('keeps a sub-path base URL and encodes query arrays as repeated keys', async () => {
    const c = client({ baseUrl: `${base}/wiki/` });
    await c.request({ path: '/api/pages', query: { 'filter[name]': 'Postmortem 2026-12-01: a&b + c#d %', tag: ['x', 'y'], skip: undefined } });
    const url = seen[0]!.url;
    expect(url.startsWith('/wiki/api/pages?')).toBe(true);
    const params = new URL(url, base).searchParams;
    expect(params.get('filter[name]')).toBe('Postmortem 2026-12-01: a&b + c#d %');
    expect(params.getAll('tag')).toEqual(['x', 'y']);
    expect(params.has('skip')).toBe(false);
    expect(url).toContain('%3A');
    expect(url).toContain('%2B');
  });

  it('sends JSON with content type and accept, and never a cookie', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'bookstack_session=abc; path=/' });
      res.end('{"id":1}');
    };
    const c = client({ headers: { Authorization: 'Token id:secret', Cookie: 'x=1' } });
    const first = await c.request<{ id: number }>({ method: 'POST', path: 'api/pages', body: { name: 'n' } });
    expect(first.body.id).toBe(1);
    await c.request({ path: 'api/pages' });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.headers.accept).toBe('application/json');
    expect(JSON.parse(seen[0]!.body)).toEqual({ name: 'n' });
    expect(seen[0]!.headers.cookie).toBeUndefined();
    expect(seen[1]!.headers.cookie).toBeUndefined();
    expect(c.stats.requests).toBe(2);
  });

  it('retries a GET on 503 and 502 and counts each request', async () => {
    let n = 0;
    handler = (_req, res) => {
      n += 1;
      if (n === 1) return json(res, 503, { error: { message: 'down', code: 503 } });
      if (n === 2) {
        res.writeHead(502, { 'content-type': 'text/html' });
        return res.end('<html><body>Bad gateway</body></html>');
      }
      json(res, 200, { ok: 1 });
    };
    const c = client();
    const res = await c.request<{ ok: number }>({ path: 'api/books' });
    expect(res.body.ok).toBe(1);
    expect(c.stats.requests).toBe(3);
    expect(c.stats.retries).toBe(2);
  });

  it('does not repeat a POST after a 500 or 503, but does after a 429', async () => {
    handler = (_req, res) => json(res, 500, { error: { message: 'boom /var/www/app.php', code: 500 } });
    const c = client();
    const err = await c.request({ method: 'POST', path: 'api/pages', body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err.transient).toBe(true);
    expect(err.message).not.toContain('/var/www');
    expect(seen).toHaveLength(1);

    seen.length = 0;
    let n = 0;
    handler = (_req, res) => (++n === 1 ? json(res, 429, { error: { message: 'Too Many Attempts.', code: 429 } }, { 'retry-after': '0' }) : json(res, 200, { id: 2 }));
    const ok = await c.request<{ id: number }>({ method: 'POST', path: 'api/pages', body: {} });
    expect(ok.body.id).toBe(2);
    expect(seen).toHaveLength(2);
  });

  it('retries a POST on 503 only when asked with retry: true', async () => {
    let n = 0;
    handler = (_req, res) => (++n === 1 ? json(res, 503, {}) : json(res, 200, { id: 3 }));
    const res = await client().request<{ id: number }>({ method: 'POST', path: 'x', body: {}, retry: true });
    expect(res.body.id).toBe(3);
  });

  it('retries 500 for PUT (idempotent) and never with retry: false', async () => {
    let n = 0;
    handler = (_req, res) => (++n === 1 ? json(res, 500, {}) : json(res, 200, { ok: true }));
    await client().request({ method: 'PUT', path: 'x', body: {} });
    expect(n).toBe(2);
    n = 0;
    const err = await client().request({ method: 'GET', path: 'x', retry: false }).catch((e) => e);
    expect(err.status).toBe(500);
    expect(n).toBe(1);
  });

  it('honours Retry-After and X-RateLimit-Reset for the wait', async () => {
    const waits: number[] = [];
    let n = 0;
    const nowMs = 1_800_000_000_000;
    handler = (_req, res) => {
      n += 1;
      if (n === 1) return json(res, 429, {}, { 'retry-after': '7' });
      if (n === 2) return json(res, 429, {}, { 'x-ratelimit-reset': String(nowMs / 1000 + 3) });
      json(res, 200, {});
    };
    const c = client({ sleep: async (ms) => void waits.push(ms), random: () => 0, now: () => nowMs, overallTimeoutMs: 60_000 });
    await c.request({ path: 'x' });
    expect(waits).toEqual([7000, 3000]);
  });

  it('gives up on a 429 whose wait exceeds the deadline, with a transient error', async () => {
    handler = (_req, res) => json(res, 429, {}, { 'retry-after': '120' });
    const err = await client({ overallTimeoutMs: 5_000 }).request({ path: 'x' }).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.status).toBe(429);
    expect(err.transient).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('times out a hanging request and retries it when safe', async () => {
    let n = 0;
    handler = (_req, res) => {
      n += 1;
      if (n === 1) return; // hang
      json(res, 200, { late: false });
    };
    const c = client({ requestTimeoutMs: 150 });
    const res = await c.request<{ late: boolean }>({ path: 'x' });
    expect(res.body.late).toBe(false);
    expect(n).toBe(2);
  });

  it('reports a timeout of a POST as transient without repeating it', async () => {
    handler = () => {};
    const err = await client({ requestTimeoutMs: 150 }).request({ method: 'POST', path: 'x', body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.transient).toBe(true);
    expect(err.message).toMatch(/did not answer/);
    expect(seen).toHaveLength(1);
  });

  it('retries a connection reset for GET', async () => {
    let n = 0;
    handler = (req, res) => {
      if (++n === 1) return req.socket.destroy();
      json(res, 200, {});
    };
    await client().request({ path: 'x' });
    expect(n).toBe(2);
  });

  it('cancels from an AbortSignal', async () => {
    handler = () => {};
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const err = await client({ requestTimeoutMs: 5_000 }).request({ path: 'x', signal: ac.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(CancelledError);
  });

  it('explains an HTML page where JSON was expected without quoting it', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><html><body>Login do-not-leak</body></html>');
    };
    const err = await client().request({ path: 'x' }).catch((e) => e);
    expect(err.message).toMatch(/HTML page where JSON was expected/);
    expect(err.message).toMatch(/BOOKSTACK_URL/);
    expect(err.message).not.toContain('do-not-leak');
  });

  it('never puts the token, a URL credential or the body in an error', async () => {
    handler = (_req, res) => json(res, 401, { error: { message: 'secret-token-value do-not-leak', code: 401 } });
    const c = createHttpClient({
      system: 'grafana',
      baseUrl: base.replace('http://', 'http://user:pw-in-url@'),
      headers: { authorization: 'Bearer secret-token-value' },
      secrets: ['secret-token-value'],
      sleep: noSleep,
    });
    const err = await c.request({ path: 'x' }).catch((e) => e);
    const text = `${err.message} ${JSON.stringify(err)}`;
    expect(err.status).toBe(401);
    expect(text).not.toContain('secret-token-value');
    expect(text).not.toContain('pw-in-url');
    expect(text).not.toContain('do-not-leak');
    expect(c.baseUrl).not.toContain('pw-in-url');
  });

  it('returns accepted non-2xx statuses and text bodies', async () => {
    handler = (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('nope');
    };
    const res = await client().request<string>({ path: 'x', expect: 'text', accept: [404] });
    expect(res).toMatchObject({ status: 404, body: 'nope' });
  });

  it('refuses an unreadable CA file with a configuration error', () => {
    expect(() => createHttpClient({ system: 'loki', baseUrl: base, caFile: '/nonexistent/ca.pem' })).toThrow(ConfigurationError);
  });

  it('builds an agent from a readable CA file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ca-'));
    const file = path.join(dir, 'ca.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const c = createHttpClient({ system: 'loki', baseUrl: base, caFile: file, sleep: noSleep });
    // Plain http ignores the CA; the point is that construction and a request work.
    await c.request({ path: 'x' });
    await c.close();
  });
});
