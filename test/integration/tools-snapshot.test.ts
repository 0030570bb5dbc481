// Rule 8: a schema change is a visible diff in review. Update on purpose with `npx vitest -u`.
import { expect, it } from 'vitest';
import { connectInMemory } from '../support/mcp.js';

it('tools/list matches the committed snapshot', async () => {
  const client = await connectInMemory();
  const { tools } = await client.listTools();
  await client.close();
  const sorted = [...tools].sort((a, b) => a.name.localeCompare(b.name));
  await expect(`${JSON.stringify(sorted, null, 2)}\n`).toMatchFileSnapshot('../snapshots/tools.json');
});
