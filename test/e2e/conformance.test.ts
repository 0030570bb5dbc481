// Real client 3: the official conformance suite (@modelcontextprotocol/conformance 0.1.16) under
// Node 24 against the HTTP transport. The generic server scenarios must pass; the scenarios that
// call the suite's own fixture tools/prompts/resources (test_simple_text, test://static-text, ...)
// cannot pass against a real server and are listed with their outcome for the README.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/mcp.js';
import { spawnHttp, type SpawnedHttp } from '../support/spawn-http.js';
import { NODE24, run, scratchHome } from './support.js';

const suite = path.join(REPO, '.cache/e2e/node_modules/@modelcontextprotocol/conformance/dist/index.js');
const GENERIC = ['server-initialize', 'ping', 'logging-set-level', 'tools-list', 'resources-list', 'prompts-list', 'dns-rebinding-protection'];
const STATELESS = ['server-sse-multiple-streams', 'server-sse-polling'];

let server: SpawnedHttp;
beforeAll(async () => {
  server = await spawnHttp({ LOG_LEVEL: 'error' });
});
afterAll(async () => server?.stop());

async function scenario(name: string) {
  const res = await run(NODE24, [suite, 'server', '--url', server.url, '--scenario', name], { env: { PATH: process.env.PATH ?? '', HOME: scratchHome() } });
  const out = res.stdout + res.stderr;
  const m = /Passed: (\d+)\/(\d+), (\d+) failed, (\d+) warnings/.exec(out);
  return { name, passed: Number(m?.[1] ?? 0), total: Number(m?.[2] ?? 0), failed: m ? Number(m[3]) : -1, warnings: Number(m?.[4] ?? 0), out };
}

describe('conformance suite', () => {
  it.each(GENERIC)('%s passes', async (name) => {
    const r = await scenario(name);
    expect(r.failed, r.out).toBe(0);
    expect(r.passed, r.out).toBeGreaterThan(0);
  });

  it.each(STATELESS)('%s has no failure (stateless server: warnings only)', async (name) => {
    const r = await scenario(name);
    expect(r.failed, r.out).toBe(0);
  });

  it('records the outcome of every server scenario', async () => {
    const list = await run(NODE24, [suite, 'list'], { env: { PATH: process.env.PATH ?? '', HOME: scratchHome() } });
    const names = [...list.stdout.split('Client scenarios')[0]!.matchAll(/^\s+- ([a-z0-9-]+)/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(20);
    const results = [];
    for (const name of names) {
      const { out: _out, ...r } = await scenario(name);
      results.push(r);
    }
    writeFileSync(path.join(REPO, '.cache/e2e/conformance.json'), `${JSON.stringify(results, null, 2)}\n`);
    for (const r of results.filter((x) => GENERIC.includes(x.name))) expect(r.failed, r.name).toBe(0);
  });
});
