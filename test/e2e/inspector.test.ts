// Real client 1: the MCP Inspector CLI 2.12.0 over stdio and HTTP (design/real-clients.md §5).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/mcp.js';
import { spawnHttp, type SpawnedHttp } from '../support/spawn-http.js';
import { CACHE_BIN, run, scratchHome } from './support.js';

const inspector = path.join(CACHE_BIN, 'mcp-inspector');
const env = { ...process.env, HOME: scratchHome(), LOG_LEVEL: 'error' };
const stdioTarget = ['--cli', process.execPath, CLI];

async function inspect(target: string[], args: string[]) {
  const result = await run(inspector, [...target, ...args, '--format', 'json'], { env });
  let json: any;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = undefined;
  }
  return { ...result, json };
}

const TOOLS = ['gather_timeline', 'five_whys', 'draft_postmortem', 'lint_postmortem', 'save_to_bookstack'];

describe.each([
  ['stdio', () => stdioTarget],
  ['http', () => ['--cli', http.url]],
])('Inspector CLI over %s', (_name, target) => {
  it('lists all five tools, the resources and the prompt', async () => {
    const tools = await inspect(target(), ['--method', 'tools/list']);
    expect(tools.code, tools.stderr).toBe(0);
    expect(tools.json.result.tools.map((t: { name: string }) => t.name)).toEqual(TOOLS);
    const resources = await inspect(target(), ['--method', 'resources/list']);
    expect(resources.json.result.resources.map((r: { uri: string }) => r.uri)).toContain('skill://writing-postmortem/SKILL.md');
    const prompt = await inspect(target(), ['--method', 'prompts/get', '--prompt-name', 'write-postmortem', '--prompt-args', 'incident=db-outage']);
    expect(prompt.code, prompt.stderr).toBe(0);
    expect(JSON.stringify(prompt.json)).toContain('gather_timeline');
  });

  it('reads the template resource', async () => {
    const res = await inspect(target(), ['--method', 'resources/read', '--uri', 'postmortem://template']);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.stringify(res.json)).toContain('Time (UTC)');
  });

  it('calls a tool (exit 0) and reports an isError result (exit 5)', async () => {
    const ok = await inspect(target(), ['--method', 'tools/call', '--tool-name', 'draft_postmortem', '--tool-args-json', '{"title":"Inspector","date":"2026-03-05"}']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.json.result.structuredContent.pageName).toBe('Postmortem 2026-03-05: Inspector');
    const bad = await inspect(target(), ['--method', 'tools/call', '--tool-name', 'draft_postmortem', '--tool-args-json', '{"title":"x","date":"2026-02-30"}']);
    expect(bad.code).toBe(5);
    const missing = await inspect(target(), ['--method', 'tools/call', '--tool-name', 'nope', '--tool-args-json', '{}']);
    expect(missing.code).toBe(5);
  });
});

let http: SpawnedHttp;
beforeAll(async () => {
  http = await spawnHttp({ LOG_LEVEL: 'error' });
});
afterAll(async () => {
  await http?.stop();
});

describe('Inspector schema portability check', () => {
  it('finds no portability problem in any tool schema (--strict)', async () => {
    const res = await run(inspector, [...stdioTarget, '--method', 'tools/list', '--strict'], { env });
    // With nothing to report the Inspector prints only the listing; any finding prints a block.
    const out = res.stdout + res.stderr;
    expect(res.code, out).toBe(0);
    expect(out).not.toMatch(/^(Warning|Error): tool/m);
    expect(out).not.toMatch(/[1-9]\d* (errors?|warnings?) across/);
  });

  it('speaks the modern protocol era too', async () => {
    const res = await run(inspector, [...stdioTarget, '--method', 'tools/list', '--protocol-era', 'modern', '--format', 'json'], { env });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout).result.tools).toHaveLength(5);
  });
});
