/**
 * five_whys through a real SDK client over an in-memory transport (issue 5): the SDK accepts the
 * schemas, validates structuredContent against the output schema, and errors come back as isError.
 */
import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../../../src/tools/define.js';
import { fiveWhysTool } from '../../../src/tools/five-whys.js';
import { connectInMemory, textOf } from '../../support/mcp.js';

async function client() {
  return connectInMemory({ tools: [fiveWhysTool as unknown as ToolDefinition] });
}

describe('five_whys over MCP', () => {
  it('lists the tool with its annotations and flat schemas', async () => {
    const c = await client();
    const { tools } = await c.listTools();
    const tool = tools.find((t) => t.name === 'five_whys');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(JSON.stringify([tool?.inputSchema, tool?.outputSchema])).not.toMatch(/\$ref|\$defs/);
    await c.close();
  });

  it('returns structuredContent and a text block for a branching analysis', async () => {
    const c = await client();
    const result = await c.callTool({
      name: 'five_whys',
      arguments: {
        problem: 'Secrets could not be read from OpenBao for 52 minutes.',
        whys: [
          { answer: 'OpenBao started sealed after the node reboot.', evidence: ['journald:1'] },
          { answer: 'Unsealing needed three key shares held by different people.', evidence: ['wiki:1'] },
          { answer: 'The patching runbook did not include the unseal step.', evidence: ['wiki:2'] },
          { id: 'd1', parent: 'w1', answer: 'No alert fired on the OpenBao seal status.', evidence: ['am:1'] },
        ],
      },
    });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as { verdict: string; rootCauses: Array<{ gapType: string }> };
    expect(structured.verdict).toBe('ready');
    expect(structured.rootCauses.map((r) => r.gapType)).toEqual(['process', 'detection']);
    expect(textOf(result)).toContain('five_whys verdict: ready');
    await c.close();
  });

  it('returns isError with a sentence naming the id for a structural error', async () => {
    const c = await client();
    const result = await c.callTool({ name: 'five_whys', arguments: { problem: 'p', whys: [{ answer: 'a' }, { id: 'b', answer: '  ' }] } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('whys[1] (b) has an empty answer');
    await c.close();
  });
});
