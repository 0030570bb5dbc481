// The real server over stdio, spawned from the built dist/cli.js and driven by the SDK client.
// Guards: stdout carries protocol only (opencode drops a server that prints anything else),
// unknown tools are JSON-RPC -32602 errors, typed errors come back as isError results.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, connectStdio, REPO, textOf } from '../support/mcp.js';

let session: Awaited<ReturnType<typeof connectStdio>>;

beforeAll(async () => {
  session = await connectStdio();
});
afterAll(async () => {
  await session?.close();
});

describe('stdio server', () => {
  it('lists the registered tools with complete annotations', async () => {
    const { tools } = await session.client.listTools();
    expect(tools.length).toBeGreaterThanOrEqual(1);
    for (const tool of tools) {
      expect(tool.title).toBeTruthy();
      expect(tool.outputSchema).toBeTruthy();
      for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
        expect(typeof tool.annotations?.[hint]).toBe('boolean');
      }
    }
  });

  it('serves the skill, the template, the severity guide and the lint rules as resources', async () => {
    const { resources } = await session.client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toEqual(['skill://writing-postmortem/SKILL.md', 'postmortem://template', 'postmortem://severity-guide', 'postmortem://lint-rules']);
    const skill = await session.client.readResource({ uri: 'skill://writing-postmortem/SKILL.md' });
    expect((skill.contents[0] as { text: string }).text).toMatch(/^---\nname: writing-postmortem\n/);
    const template = await session.client.readResource({ uri: 'postmortem://template' });
    expect((template.contents[0] as { text: string }).text).toContain('| Time (UTC) | Event |');
    const severity = await session.client.readResource({ uri: 'postmortem://severity-guide' });
    expect((severity.contents[0] as { text: string }).text).toContain('| P1 | Complete outage, data loss, security breach | All hands, immediate |');
  });

  it('answers an unknown resource with a JSON-RPC error', async () => {
    await expect(session.client.readResource({ uri: 'postmortem://nope' })).rejects.toThrow();
  });

  it('offers the write-postmortem prompt naming the tools in order', async () => {
    const { prompts } = await session.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['write-postmortem']);
    const prompt = await session.client.getPrompt({ name: 'write-postmortem', arguments: { incident: 'checkout 5xx', start: '2026-03-05T14:00:00Z', end: '2026-03-05T15:00:00Z' } });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    const order = ['gather_timeline', 'five_whys', 'draft_postmortem', 'lint_postmortem', 'save_to_bookstack'].map((t) => text.indexOf(t));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('2026-03-05T14:00:00Z');
  });

  it('drafts a postmortem with structured content and a readable text block', async () => {
    const result = await session.client.callTool({ name: 'draft_postmortem', arguments: { title: 'Disk full on db-1', date: '2026-03-05', severity: 'P3' } });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { markdown: string; pageName: string };
    expect(structured.pageName).toBe('Postmortem 2026-03-05: Disk full on db-1');
    expect(structured.markdown).toContain('# Postmortem: Disk full on db-1');
    expect(textOf(result)).toContain('# Postmortem: Disk full on db-1');
  });

  it('turns a typed error into an isError result with a correlation id', async () => {
    const result = await session.client.callTool({ name: 'draft_postmortem', arguments: { title: 'x', date: '2026-02-30' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^date must be a real calendar date as YYYY-MM-DD \(got "2026-02-30"\)\. \(correlation id [0-9a-f]{8}\)$/);
  });

  it('reports schema violations as isError results naming the field', async () => {
    const result = await session.client.callTool({ name: 'draft_postmortem', arguments: { title: 42 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/title/);
    expect(textOf(result)).toMatch(/date/);
  });

  it('answers an unknown tool with JSON-RPC error -32602', async () => {
    await expect(session.client.callTool({ name: 'nope', arguments: {} })).rejects.toMatchObject({ code: -32602 });
  });

  it('logs JSON lines with tool, duration and outcome to stderr', () => {
    const lines = session.stderr().trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const call = lines.find((l) => l.msg === 'tool call' && l.tool === 'draft_postmortem');
    expect(call).toMatchObject({ level: 'info', outcome: expect.any(String), durationMs: expect.any(Number) });
  });
});

describe('stdout hygiene', () => {
  it('writes nothing but JSON-RPC to stdout, even at debug level with bad configuration warnings', async () => {
    const child = spawn(process.execPath, [CLI], { cwd: REPO, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'debug' } });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const send = (msg: unknown) => child.stdin.write(`${JSON.stringify(msg)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'draft_postmortem', arguments: { title: 'x', date: 'bad' } } });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (stdout.split('\n').filter(Boolean).length >= 3) {
          clearInterval(timer);
          resolve();
        }
      }, 20);
    });
    child.stdin.end();
    await new Promise((r) => child.once('exit', r));
    const lines = stdout.split('\n').filter(Boolean);
    for (const line of lines) expect(JSON.parse(line)).toHaveProperty('jsonrpc', '2.0');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual([1, 2, 3]);
    expect(JSON.parse(lines[0]!).result.protocolVersion).toBe('2025-11-25');
  });

  it('exits when stdin closes', async () => {
    const child = spawn(process.execPath, [CLI], { cwd: REPO, env: { PATH: process.env.PATH ?? '' } });
    child.stdin.end();
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
  });

  it('refuses to start with every configuration problem listed and no secret', async () => {
    const child = spawn(process.execPath, [CLI], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'chatty', BOOKSTACK_URL: 'https://wiki.example', BOOKSTACK_TOKEN_SECRET: 'TopSecretValue123' },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('LOG_LEVEL');
    expect(stderr).toContain('BOOKSTACK_TOKEN_ID');
    expect(stderr).not.toContain('TopSecretValue123');
  });
});

describe('call command', () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'call', ...args], { cwd: REPO, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('exit', (code) => resolve({ code, stdout, stderr }));
    });
  const draft = JSON.stringify({ title: 'Checkout errors', date: '2026-03-05' });

  it('prints the structured result as JSON, or with --text the text block a model reads', async () => {
    const json = await run(['draft_postmortem', '--args-json', draft]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).pageName).toBe('Postmortem 2026-03-05: Checkout errors');
    const text = await run(['draft_postmortem', '--text', '--args-json', draft]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('# Postmortem: Checkout errors');
    expect(() => JSON.parse(text.stdout)).toThrow();
  });

  it('exits 1 with a sentence naming the field for bad arguments, 2 for an unknown tool', async () => {
    const bad = await run(['draft_postmortem', '--args-json', JSON.stringify({ title: 'x', date: '2026-02-30' })]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/date/);
    const unknown = await run(['no_such_tool', '--args-json', '{}']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('draft_postmortem');
  });
});
