// The real server over Streamable HTTP (dist/cli.js serve --http). Guards: DNS-rebinding
// protection (Host/Origin -> 403, the conformance scenario the SDK does not cover by default),
// bearer token, body limit, health endpoints, graceful SIGTERM.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO, connectHttp, textOf } from '../support/mcp.js';
import { spawnHttp, type SpawnedHttp } from '../support/spawn-http.js';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('HTTP on loopback without a token', () => {
  let server: SpawnedHttp;
  beforeAll(async () => {
    server = await spawnHttp({ MCP_ALLOWED_ORIGINS: 'https://console.example' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('binds 127.0.0.1 by default and serves health endpoints', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('serves MCP to the SDK client', async () => {
    const client = await connectHttp(server.url);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('draft_postmortem');
    const result = await client.callTool({ name: 'draft_postmortem', arguments: { title: 'HTTP', date: '2026-03-05' } });
    expect(textOf(result)).toContain('# Postmortem: HTTP');
    const { resources } = await client.listResources();
    expect(resources).toHaveLength(4);
    await client.close();
  });

  it('refuses a foreign Host header with 403 (DNS rebinding)', async () => {
    // fetch() cannot override Host, so this goes through node:http.
    const status = await new Promise<number>((resolve, reject) => {
      const body = JSON.stringify(initialize);
      const req = http.request(server.url, {
        method: 'POST',
        headers: { host: 'evil.example', 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': Buffer.byteLength(body) },
      }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(403);
  });

  it('refuses a foreign Origin with 403 and accepts a configured one', async () => {
    expect((await post(server.url, initialize, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(server.url, initialize, { origin: 'https://console.example' })).status).toBe(200);
    expect((await post(server.url, initialize, { origin: 'http://localhost:6274' })).status).toBe(200);
  });

  it('limits request bodies', async () => {
    const big = JSON.stringify({ ...initialize, params: { ...initialize.params, pad: 'x'.repeat(17 * 1024 * 1024) } });
    const res = await post(server.url, big);
    expect(res.status).toBe(413);
  });

  it('answers unknown paths with 404', async () => {
    expect((await fetch(`${server.base}/nope`)).status).toBe(404);
  });
});

describe('HTTP with a bearer token', () => {
  const token = 'test-token-0123456789abcdef';
  let server: SpawnedHttp;
  beforeAll(async () => {
    server = await spawnHttp({ MCP_HTTP_TOKEN: token });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('rejects requests without the token and accepts it', async () => {
    const missing = await post(server.url, initialize);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await post(server.url, initialize, { authorization: 'Bearer wrong-token-0123456789ab' })).status).toBe(401);
    const client = await connectHttp(server.url, { authorization: `Bearer ${token}` });
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });

  it('keeps health endpoints open for probes', async () => {
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });

  it('never logs the token', () => {
    expect(server.stderr()).not.toContain(token);
  });
});

describe('HTTP start-up and shutdown', () => {
  it('refuses to bind beyond loopback without MCP_HTTP_TOKEN', async () => {
    const child = spawn(process.execPath, [CLI, 'serve', '--http', '--host', '0.0.0.0', '--port', '0'], { cwd: REPO, env: { PATH: process.env.PATH ?? '' } });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toContain('MCP_HTTP_TOKEN is required');
  });

  it('exits cleanly on SIGTERM', async () => {
    const server = await spawnHttp();
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.stderr()).toContain('shutting down');
  });
});
