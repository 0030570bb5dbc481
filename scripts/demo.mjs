#!/usr/bin/env node
// npm run demo: the skill's whole workflow on the bundled sample incident, through a real MCP
// client talking to the built server over stdio. No servers needed; with BOOKSTACK_* set in the
// environment the last step publishes there instead of the local store.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const bold = (t) => paint('1', t);
const dim = (t) => paint('2', t);
const green = (t) => paint('32', t);
const yellow = (t) => paint('33', t);
const red = (t) => paint('31', t);
const say = (line = '') => process.stdout.write(`${line}\n`);

const cli = path.join(repo, 'dist/cli.js');
if (!existsSync(cli)) {
  say(red('dist/cli.js is missing: run `npm run build` first (npm run demo does it for you).'));
  process.exit(1);
}
const analysis = JSON.parse(readFileSync(path.join(repo, 'examples/sample-incident/analysis.json'), 'utf8'));
const storeDir = process.env.POSTMORTEM_STORE_DIR ?? path.join(repo, 'postmortems');

const passthrough = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => /^(BOOKSTACK_|LOG_LEVEL$|NODE_EXTRA_CA_CERTS$)/.test(k)),
);
const transport = new StdioClientTransport({
  command: process.execPath,
  args: [cli],
  cwd: repo,
  env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...passthrough, POSTMORTEM_STORE_DIR: storeDir, POSTMORTEM_INPUT_ROOTS: repo },
  stderr: 'pipe',
});
let serverLog = '';
transport.stderr?.on('data', (c) => (serverLog += c.toString()));
const client = new Client({ name: 'postmortem-demo', version: '0.1.0' });

let stepNo = 0;
async function step(title, tool, args, describe) {
  stepNo += 1;
  const started = performance.now();
  say(`${bold(`[${stepNo}/5] ${title}`)} ${dim(`(${tool})`)}`);
  const result = await client.callTool({ name: tool, arguments: args }, { timeout: 120_000 });
  const ms = Math.round(performance.now() - started);
  if (result.isError) {
    say(red(`  failed after ${ms} ms: ${result.content?.map((c) => c.text).join(' ')}`));
    throw new Error(`${tool} failed`);
  }
  for (const line of describe(result.structuredContent)) say(`  ${line}`);
  say(dim(`  ${ms} ms`));
  say();
  return result.structuredContent;
}

const plural = (n, word) => `${n} ${n === 1 ? word : word.endsWith('ch') ? `${word}es` : `${word}s`}`;
const lintLine = (s) => `${s.errors ? red(plural(s.errors, 'error')) : green('0 errors')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}`;

try {
  const total = performance.now();
  await client.connect(transport);
  say(bold('postmortem-mcp demo: the writing-postmortem workflow on examples/sample-incident'));
  say(dim(`server: node dist/cli.js over stdio; store: ${path.relative(process.cwd(), storeDir) || '.'}`));
  say();

  const timeline = await step('Gather the timeline', 'gather_timeline', { ...analysis.window, inputs: analysis.inputs }, (t) => [
    `${plural(t.events.length, 'event')} from ${t.sources.filter((s) => s.ok).length}/${t.sources.length} sources (${t.sources.map((s) => `${s.system}${s.ok ? '' : ' failed'}`).join(', ')})`,
    `key moments: ${Object.entries(t.keyMoments).map(([k, v]) => `${k} ${v.ts.slice(11, 16)}`).join(', ') || 'none'}`,
    ...(t.durations?.detectionToResolution ? [`detection to resolution: ${t.durations.detectionToResolution}`] : []),
    ...(t.omitted?.events ? [`omitted by the budget: ${t.omitted.events} events, ${t.omitted.logLines} log lines`] : []),
    ...t.warnings.slice(0, 3).map((w) => yellow(`warning: ${w}`)),
  ]);

  const analysisResult = await step('Apply 5-whys', 'five_whys', { problem: analysis.problem, whys: analysis.whys }, (w) => [
    `verdict: ${w.verdict === 'ready' ? green('ready') : yellow(w.verdict)}, depth ${w.depth}, ${plural(w.branches, 'branch')}`,
    ...w.rootCauses.map((r) => `root cause (${r.gapType}): ${r.statement.slice(0, 100)}`),
    ...w.findings.filter((f) => f.severity === 'error').slice(0, 3).map((f) => yellow(`${f.whyId}: ${f.message}`)),
    ...(w.nextQuestion ? [`next question: ${w.nextQuestion}`] : []),
  ]);

  const doc = analysis.document;
  const draft = await step(
    'Write the draft',
    'draft_postmortem',
    {
      ...doc,
      date: analysis.window.start.slice(0, 10),
      // An author keeps the rows that tell the story: routine info-level log patterns stay out.
      timeline: timeline.events.filter((e) => !(e.source?.kind === 'log_pattern' && e.severity === 'info')),
      rootCause: analysisResult.rootCauseSection,
      contributingFactors: analysisResult.contributingFactors,
    },
    (d) => [`${d.pageName}: ${d.markdown.split('\n').length} lines`, ...(d.lint ? [`lint: ${lintLine(d.lint.summary)}`] : [])],
  );

  const lint = await step('Review', 'lint_postmortem', { markdown: draft.markdown, fix: true }, (l) => [
    `lint: ${lintLine(l.summary)}; ready: ${l.ready ? green('yes') : red('no')}`,
    `checklist: ${Object.entries(l.checklist).map(([k, v]) => `${k} ${v ? green('✓') : red('✗')}`).join(', ')}`,
    ...l.diagnostics.filter((d) => d.severity !== 'info').slice(0, 5).map((d) => `${d.line}:${d.column} ${d.severity} ${d.message} ${dim(d.ruleId)}`),
  ]);
  const markdown = lint.fixed ?? draft.markdown;

  const saved = await step('Save', 'save_to_bookstack', { markdown }, (s) => [
    `${s.action}: ${s.pageName}`,
    ...(s.url ? [`url: ${s.url}`] : []),
    ...(s.path ? [`written to ${path.relative(process.cwd(), s.path)}`] : []),
    `redactions: ${s.redactions}`,
  ]);

  say(bold(`Done in ${Math.round(performance.now() - total)} ms.`));
  say(`Postmortem: ${saved.url ?? path.relative(process.cwd(), saved.path ?? '')}`);
  say(`Lint: ${lintLine(lint.summary)}`);
  say();
  for (const line of markdown.split('\n').slice(0, 16)) say(dim(`  ${line}`));
  say(dim('  …'));
  await client.close();
} catch (error) {
  say(red(`demo failed: ${error.message}`));
  if (serverLog) process.stderr.write(serverLog);
  await client.close().catch(() => {});
  process.exit(1);
}
