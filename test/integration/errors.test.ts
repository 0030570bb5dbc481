// Rule 5: one error wrapper. Typed errors keep their sentence; anything else becomes a generic
// message with a correlation id and the stack goes to the log only; secrets never reach the client.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../src/config.js';
import { NotFoundError, UpstreamError, UserInputError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import { defineTool, type ToolDefinition } from '../../src/tools/define.js';
import { connectInMemory, REPO, textOf } from '../support/mcp.js';

const SECRET = 'bs-secret-value-9f8e7d6c5b4a';

function throwing(name: string, error: () => unknown): ToolDefinition {
  return defineTool({
    name,
    title: name,
    description: 'test tool',
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    inputSchema: z.object({}),
    outputSchema: z.object({ ok: z.boolean() }),
    async handler() {
      throw error();
    },
  }) as unknown as ToolDefinition;
}

describe('the tool error wrapper', () => {
  it('maps each error class to an isError result and hides internals', async () => {
    const lines: string[] = [];
    const config = loadConfig(
      { BOOKSTACK_URL: 'https://wiki.example', BOOKSTACK_TOKEN_ID: 'tokenid1', BOOKSTACK_TOKEN_SECRET: SECRET },
      { cwd: REPO },
    );
    const client = await connectInMemory({
      config,
      log: createLogger({ write: (l) => lines.push(l), level: 'debug' }),
      tools: [
        throwing('user_input', () => new UserInputError('title is empty; give the incident a short title.', { field: 'title' })),
        throwing('not_found', () => new NotFoundError('Book 79 was not found; check BOOKSTACK_BOOK_ID.')),
        throwing('upstream', () => new UpstreamError('bookstack', `BookStack refused the token ${SECRET}; check BOOKSTACK_TOKEN_SECRET.`, { status: 401 })),
        throwing('crash', () => new TypeError(`Cannot read properties of undefined (token ${SECRET})`)),
      ],
    });
    const call = async (name: string) => client.callTool({ name, arguments: {} });

    const user = await call('user_input');
    expect(user.isError).toBe(true);
    expect(textOf(user)).toMatch(/^title is empty; give the incident a short title\. \(correlation id [0-9a-f]{8}\)$/);
    expect(textOf(await call('not_found'))).toMatch(/^Book 79 was not found/);

    const upstream = await call('upstream');
    expect(textOf(upstream)).toContain('[REDACTED]');
    expect(textOf(upstream)).not.toContain(SECRET);

    const crash = await call('crash');
    expect(crash.isError).toBe(true);
    expect(textOf(crash)).toMatch(/^crash failed unexpectedly; the details are in the server log under correlation id [0-9a-f]{8}/);
    expect(textOf(crash)).not.toContain('Cannot read properties');
    const id = /correlation id ([0-9a-f]{8})/.exec(textOf(crash))![1]!;
    const logged = lines.find((l) => l.includes(id) && l.includes('tool crashed'))!;
    expect(logged).toContain('TypeError');
    expect(logged).toContain('"stack"');

    for (const line of lines) expect(line).not.toContain(SECRET);
    await client.close();
  });
});
