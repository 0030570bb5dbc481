/** Helpers to talk to the real server through the real SDK client (stdio, HTTP, in-memory). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO, 'dist/cli.js');

export async function connectStdio(env: Record<string, string> = {}, cwd = REPO): Promise<{ client: Client; stderr: () => string; close(): Promise<void> }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stderr: 'pipe',
    cwd,
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'postmortem-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

export async function connectHttp(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'postmortem-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

export function textOf(result: { content?: unknown }): string {
  const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
  return content.filter((c) => c.type === 'text').map((c) => c.text ?? '').join('\n');
}

/** The real server and the real client over an in-memory transport pair (no process). */
export async function connectInMemory(deps?: Partial<import('../../src/server.js').ServerDeps>): Promise<Client> {
  const { InMemoryTransport } = await import('@modelcontextprotocol/client');
  const { createServer } = await import('../../src/server.js');
  const { loadConfig } = await import('../../src/config.js');
  const { silentLogger } = await import('../../src/log.js');
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createServer({ config: loadConfig({}, { cwd: REPO }), log: silentLogger, ...deps });
  await server.connect(serverSide);
  const client = new Client({ name: 'postmortem-test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}
