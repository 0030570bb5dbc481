// Hostile and malformed arguments thrown at every registered tool over ONE stdio connection:
// the server stays up and every reply is a result (never a crash); error results carry no stack
// trace and no file paths.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectStdio, textOf } from '../support/mcp.js';

let session: Awaited<ReturnType<typeof connectStdio>>;
let toolNames: string[] = [];

beforeAll(async () => {
  session = await connectStdio({ POSTMORTEM_STORE_DIR: '/tmp/postmortem-fuzz-store', LOG_LEVEL: 'error' });
  toolNames = (await session.client.listTools()).tools.map((t) => t.name);
});
afterAll(async () => {
  await session?.close();
});

const hostileString = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 100 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000\u0001\u001b[31m',
    '../../../../etc/passwd',
    '<script>alert(1)</script>',
    '<!-- postmortem-lint disable-file -->',
    '| a | b |\n|---|---|',
    '${jndi:ldap://x}',
    '2026-02-30',
    '9999-99-99T99:99:99Z',
    'ghp_' + 'A'.repeat(36),
    'a'.repeat(100_000),
    '{{@123}}',
    '\uD800',
  ),
);
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'title', 'date', 'markdown', 'start', 'end', 'whys', 'inputs')), tie('value'), { maxKeys: 5 }),
  ),
})).value;
const hostileArgs = fc.dictionary(
  fc.constantFrom('title', 'date', 'markdown', 'start', 'end', 'whys', 'problem', 'inputs', 'timeline', 'severity', 'rules', 'maxEvents', 'dryRun', 'force', 'tags', '__proto__', 'x'),
  hostileValue,
  { maxKeys: 6 },
);

describe('fuzzing every tool', () => {
  it('answers every hostile call with a result and never leaks a stack trace', async () => {
    expect(toolNames.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...toolNames), hostileArgs, async (name, args) => {
        const result = await session.client.callTool({ name, arguments: args as Record<string, unknown> }, { timeout: 20_000 });
        const text = textOf(result);
        expect(typeof text).toBe('string');
        if (result.isError) {
          expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);
          expect(text).not.toMatch(/\/work\/|node_modules|file:\/\//);
          expect(text.length).toBeLessThan(4000);
        } else {
          expect(result.structuredContent).toBeTruthy();
        }
      }),
      { numRuns: 60, seed: 20261201 },
    );
    expect((await session.client.listTools()).tools.map((t) => t.name)).toEqual(toolNames);
  });
});
