/**
 * save_to_bookstack through the real MCP client and server (in-memory transport) against the
 * BookStack simulator: contract annotations, output schema, the text block, error results, and that
 * neither the token nor a simulator "do-not-leak" field reaches the client.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import type { ToolDefinition } from '../../src/tools/define.js';
import { createSaveToBookstackTool, saveToBookstackTool } from '../../src/tools/save-to-bookstack.js';
import { DEFAULT_TOKEN, DO_NOT_LEAK, startBookStackSim, type BookStackSim } from '../sim/bookstack.js';
import { connectInMemory, textOf } from '../support/mcp.js';
import { postmortem, tempDir, todoLint } from '../unit/bookstack/helpers.js';

let sim: BookStackSim;
const logs: string[] = [];

beforeAll(async () => {
  sim = await startBookStackSim();
});
afterAll(async () => {
  await sim.close();
});

function config(bookstack: boolean, secret = DEFAULT_TOKEN.secret): Config {
  const dir = tempDir('pm-tool-');
  return {
    logLevel: 'debug',
    storeDir: dir,
    inputRoots: [dir],
    bookstackTarget: { bookId: 79, chapter: 'Postmortems' },
    http: { allowedOrigins: [] },
    ...(bookstack ? { bookstack: { url: sim.url, tokenId: DEFAULT_TOKEN.id, tokenSecret: secret } } : {}),
  };
}

async function connect(cfg: Config, tool: ToolDefinition = createSaveToBookstackTool({ lint: null, client: { requestTimeoutMs: 500 } }) as unknown as ToolDefinition) {
  const log = createLogger({ level: 'debug', write: (l) => void logs.push(l), secrets: [DEFAULT_TOKEN.secret, DEFAULT_TOKEN.id] });
  return connectInMemory({ config: cfg, log, tools: [tool] });
}

const DOC = postmortem('Certificate expiry', '2026-11-28');

describe('save_to_bookstack over MCP', () => {
  it('lists the tool with the contract annotations', async () => {
    const client = await connect(config(true));
    const { tools } = await client.listTools();
    const tool = tools.find((t) => t.name === 'save_to_bookstack')!;
    expect(tool.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true });
    expect(JSON.stringify(tool.inputSchema)).not.toMatch(/\$ref|\$defs/);
    expect(JSON.stringify(tool.outputSchema)).not.toMatch(/\$ref|\$defs/);
    await client.close();
  });

  it('creates, then reports unchanged, with a self-sufficient text block', async () => {
    const cfg = config(true);
    const client = await connect(cfg);
    const first = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: DOC, tags: [{ name: 'service', value: 'ingress' }] } });
    expect(first.isError).toBeFalsy();
    const s1 = first.structuredContent as Record<string, unknown>;
    expect(saveToBookstackTool.outputSchema.safeParse(s1).success).toBe(true);
    expect(s1).toMatchObject({ action: 'created', pageName: 'Postmortem 2026-11-28: Certificate expiry', bookId: 79, redactions: 0 });
    expect(typeof s1.chapterId).toBe('number');
    expect(textOf(first)).toMatch(/Created BookStack page \d+ "Postmortem 2026-11-28: Certificate expiry"/);
    expect(textOf(first)).toMatch(/Next:/);

    const second = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: DOC } });
    const s2 = second.structuredContent as Record<string, unknown>;
    expect(s2).toMatchObject({ action: 'unchanged', pageId: s1.pageId });
    expect(s2.requests).toBeLessThanOrEqual(2);
    expect(textOf(second)).toMatch(/nothing was written/);

    const all = JSON.stringify([first, second]) + logs.join('\n');
    expect(all).not.toContain(DO_NOT_LEAK);
    expect(all).not.toContain(DEFAULT_TOKEN.secret);
    await client.close();
  });

  it('returns an isError result that says what to fix for a wrong secret, without the secret', async () => {
    const wrong = 'wrongSecretAbcdef123';
    const client = await connect(config(true, wrong));
    const res = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: DOC } });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/BOOKSTACK_TOKEN_SECRET/);
    expect(JSON.stringify(res)).not.toContain(wrong);
    await client.close();
  });

  it('saves locally when BookStack is not configured', async () => {
    const client = await connect(config(false));
    const res = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: DOC } });
    expect(res.structuredContent).toMatchObject({ action: 'saved_locally' });
    expect(textOf(res)).toMatch(/local store/);
    await client.close();
  });

  it('refuses lint errors with the findings unless force', async () => {
    const tool = createSaveToBookstackTool({ lint: todoLint }) as unknown as ToolDefinition;
    const client = await connect(config(false), tool);
    const res = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: `${DOC}\nTODO impact\n` } });
    expect(res.structuredContent).toMatchObject({ action: 'refused', lint: { errors: 1 } });
    expect(textOf(res)).toMatch(/force: true/);
    const forced = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: `${DOC}\nTODO impact\n`, force: true } });
    expect(forced.structuredContent).toMatchObject({ action: 'saved_locally' });
    await client.close();
  });

  it('gates on the real lint engine: a ready document is published, an incomplete one refused', async () => {
    const ready = readFileSync(new URL('../fixtures/bookstack/ready-postmortem.md', import.meta.url), 'utf8');
    const token = `ghp_${'A1b2C3d4'.repeat(5)}`;
    const withSecret = ready.replace('no data was lost.', `no data was lost. The bot token ${token} was rotated.`);
    const client = await connect(config(true), saveToBookstackTool as unknown as ToolDefinition);
    const ok = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: ready } });
    expect(ok.structuredContent).toMatchObject({ action: 'created', lintChecked: true, lint: { errors: 0 }, redactions: 0 });
    const pageId = (ok.structuredContent as { pageId: number }).pageId;
    expect(sim.pages.get(pageId)!.name).toBe('Postmortem 2026-11-28: Wiki unreachable after certificate expiry');

    // A pasted secret: whatever lint says about it, with force the page is updated and the secret never sent.
    const forced = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: withSecret, force: true } });
    expect(forced.structuredContent).toMatchObject({ action: 'updated', pageId, redactions: 1 });
    expect(sim.pages.get(pageId)!.markdown).not.toContain(token);
    expect(sim.pages.get(pageId)!.markdown).toContain('[REDACTED]');
    expect(JSON.stringify(forced)).not.toContain(token);

    const refused = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: '# Postmortem: Half written\n\n**Date:** 2026-11-29\n' } });
    const s = refused.structuredContent as { action: string; lint: { errors: number }; findings: Array<{ ruleId: string }> };
    expect(s.action).toBe('refused');
    expect(s.lint.errors).toBeGreaterThan(0);
    expect(s.findings.length).toBeGreaterThan(0);
    expect(sim.pagesNamed('Postmortem 2026-11-29: Half written')).toHaveLength(0);
    await client.close();
  });

  it('outboxes when BookStack refuses connections, then sync-able state is on disk', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const cfg = { ...config(true), bookstack: { url: `http://127.0.0.1:${port}`, tokenId: DEFAULT_TOKEN.id, tokenSecret: DEFAULT_TOKEN.secret } };
    const tool = createSaveToBookstackTool({ lint: null, client: { maxRetries: 2 }, sleep: async () => {} }) as unknown as ToolDefinition;
    const client = await connect(cfg, tool);
    const res = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: DOC } });
    const s = res.structuredContent as { action: string; path: string; reason: string };
    expect(s.action).toBe('outboxed');
    expect(s.path.startsWith(cfg.storeDir)).toBe(true);
    expect(s.reason).toMatch(/refused the connection/);
    expect(textOf(res)).toMatch(/postmortem-mcp sync/);
    expect(readFileSync(s.path, 'utf8')).toContain('pageName: ');
    await client.close();
  });

  it('rejects an empty tag name through the schema', async () => {
    const client = await connect(config(true));
    const res = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown: DOC, tags: [{ name: '  ' }] } });
    expect(res.isError).toBe(true);
    await client.close();
  });
});
