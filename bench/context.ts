/**
 * Context economy: how much of a model's context the server costs. tools/list (all definitions
 * together; goal <= 4,000 tokens) and each tool's text result on the sample incident
 * (gather_timeline at the default budget: goal <= 8,000 tokens). Tokens are counted as chars / 4.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { connectStdio, REPO, textOf } from '../test/support/mcp.js';

const analysis = JSON.parse(readFileSync(path.join(REPO, 'examples/sample-incident/analysis.json'), 'utf8'));
const tokens = (s: string) => Math.ceil(s.length / 4);
const { client, close } = await connectStdio({ POSTMORTEM_STORE_DIR: path.join(REPO, '.cache/bench-store'), POSTMORTEM_INPUT_ROOTS: REPO, LOG_LEVEL: 'error' });
const list = await client.listTools();
const listTokens = tokens(JSON.stringify(list.tools));
const rows: Array<[string, number, number]> = [['tools/list (5 definitions)', listTokens, 4000]];

const gather = await client.callTool({ name: 'gather_timeline', arguments: { ...analysis.window, inputs: analysis.inputs } });
rows.push(['gather_timeline text (default budget)', tokens(textOf(gather)), 8000]);
const whys = await client.callTool({ name: 'five_whys', arguments: { problem: analysis.problem, whys: analysis.whys } });
rows.push(['five_whys text', tokens(textOf(whys)), 4000]);
const ws = whys.structuredContent as { rootCauseSection?: string; contributingFactors?: string[] };
const draft = await client.callTool({
  name: 'draft_postmortem',
  arguments: { ...analysis.document, date: analysis.window.start.slice(0, 10), timeline: (gather.structuredContent as { events: unknown[] }).events, rootCause: ws.rootCauseSection, contributingFactors: ws.contributingFactors },
});
rows.push(['draft_postmortem text', tokens(textOf(draft)), 8000]);
const markdown = (draft.structuredContent as { markdown: string }).markdown;
const lint = await client.callTool({ name: 'lint_postmortem', arguments: { markdown } });
rows.push(['lint_postmortem text', tokens(textOf(lint)), 4000]);
const save = await client.callTool({ name: 'save_to_bookstack', arguments: { markdown, dryRun: true } });
rows.push(['save_to_bookstack text (dry run)', tokens(textOf(save)), 2000]);
await close();

console.log('context cost (tokens = characters / 4)');
for (const [what, n, goal] of rows) console.log(`  ${what.padEnd(40)} ${String(n).padStart(6)}  goal <= ${goal}  ratio ${(n / goal).toFixed(2)} ${n <= goal ? 'OK' : 'OVER'}`);
console.log(JSON.stringify({ bench: 'context', results: rows.map(([what, n, goal]) => ({ what, tokens: n, goal, ratio: n / goal })) }));
