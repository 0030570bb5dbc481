// Real client 2: opencode 1.18.33, the agent this server is for (design/real-clients.md §6).
// `mcp list` must connect, `debug skill` must find the bundled skill through skills.paths, and a
// full agent loop driven by a scripted model must run the workflow in order using only the text
// that opencode forwards from each tool result.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO } from '../support/mcp.js';
import { startScriptedModel, type ScriptedModel } from './scripted-model.js';
import { CACHE_BIN, run, scratchHome } from './support.js';

const opencode = path.join(CACHE_BIN, 'opencode');
const analysis = JSON.parse(readFileSync(path.join(REPO, 'examples/sample-incident/analysis.json'), 'utf8'));
const store = mkdtempSync(path.join(os.tmpdir(), 'pm-opencode-store-'));

function opencodeEnv(config: Record<string, unknown>) {
  return {
    PATH: process.env.PATH ?? '',
    HOME: scratchHome(),
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_EXTERNAL_SKILLS: '1',
    OPENCODE_CONFIG_CONTENT: JSON.stringify(config),
  };
}

const mcpEntry = {
  postmortem: {
    type: 'local',
    command: ['node', CLI],
    enabled: true,
    environment: { POSTMORTEM_STORE_DIR: store, POSTMORTEM_INPUT_ROOTS: REPO, LOG_LEVEL: 'warn' },
  },
};

describe('opencode without a model', () => {
  it('connects to the server (opencode mcp list)', async () => {
    const res = await run(opencode, ['mcp', 'list'], { env: opencodeEnv({ mcp: mcpEntry }) });
    // opencode exits 0 even when a server failed: assert on the line.
    expect(res.stdout + res.stderr).toMatch(/✓ postmortem/);
  });

  it('finds writing-postmortem through skills.paths (opencode debug skill)', async () => {
    const res = await run(opencode, ['debug', 'skill'], { env: opencodeEnv({ skills: { paths: ['skills'] } }) });
    const skills = JSON.parse(res.stdout.slice(res.stdout.indexOf('['))) as Array<{ name: string; location: string }>;
    const skill = skills.find((s) => s.name === 'writing-postmortem');
    expect(skill?.location).toBe(path.join(REPO, 'skills/writing-postmortem/SKILL.md'));
  });
});

/** Rows of the `| Time (UTC) | Event |` table in a tool's text, as draft_postmortem rows. */
function tableRows(text: string): Array<{ time: string; event: string; source?: string }> {
  return text
    .split('\n')
    .filter((l) => /^\|\s*(\d{4}-\d{2}-\d{2} )?\d{2}:\d{2}/.test(l))
    .map((l) => {
      const cells = l.replace(/^\|/, '').replace(/\|\s*$/, '').split(/(?<!\\)\|/).map((c) => c.trim());
      const [time, event = ''] = cells;
      const m = /^(.*) \(source: (.*)\)$/.exec(event);
      return m ? { time: time!, event: m[1]!, source: m[2]! } : { time: time!, event };
    });
}

/** The markdown document inside a tool's text (from the H1 to the end). */
function documentIn(text: string): string {
  const start = text.indexOf('# Postmortem:');
  return start < 0 ? '' : `${text.slice(start).trim()}\n`;
}

/** A section of five_whys' text: the lines after a heading line that names it. */
function block(text: string, heading: RegExp): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => heading.test(l));
  if (at < 0) return '';
  const out: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (/^(#{1,3} |[A-Z][^:]*:\s*$)/.test(line) && out.length > 0) break;
    out.push(line);
  }
  return out.join('\n').trim();
}

describe('opencode full agent loop with a scripted model', () => {
  let model: ScriptedModel;
  afterAll(async () => model?.close());

  it('loads the skill and calls the five tools in the workflow order on text alone', async () => {
    const doc = analysis.document;
    model = await startScriptedModel(
      [
        { tool: 'skill', args: () => ({ name: 'writing-postmortem' }) },
        { tool: 'postmortem_gather_timeline', args: () => ({ ...analysis.window, inputs: analysis.inputs }) },
        { tool: 'postmortem_five_whys', args: () => ({ problem: analysis.problem, whys: analysis.whys }) },
        {
          tool: 'postmortem_draft_postmortem',
          args: (texts) => ({
            ...doc,
            date: analysis.window.start.slice(0, 10),
            timeline: tableRows(texts[1]!),
            rootCause: block(texts[2]!, /root cause section/i) || undefined,
            contributingFactors: block(texts[2]!, /contributing factors/i)
              .split('\n')
              .map((l) => l.replace(/^\s*[-*]\s+/, '').trim())
              .filter(Boolean),
          }),
        },
        { tool: 'postmortem_lint_postmortem', args: (texts) => ({ markdown: documentIn(texts[3]!) }) },
        { tool: 'postmortem_save_to_bookstack', args: (texts) => ({ markdown: documentIn(texts[3]!) }) },
      ],
      (texts) => `Done. ${texts.at(-1)?.split('\n')[0] ?? ''}`,
    );
    const config = {
      mcp: mcpEntry,
      skills: { paths: ['skills'] },
      provider: {
        fake: {
          npm: '@ai-sdk/openai-compatible',
          name: 'Scripted',
          options: { baseURL: model.url, apiKey: 'not-a-real-key' },
          models: { scripted: { name: 'scripted', tool_call: true } },
        },
      },
      model: 'fake/scripted',
    };
    const res = await run(opencode, ['run', '--auto', 'Write the postmortem for the catalog-api incident of 2026-11-18.'], { env: opencodeEnv(config), timeout: 170_000 });
    const output = res.stdout + res.stderr;
    if (process.env.E2E_DUMP) (await import('node:fs')).writeFileSync(process.env.E2E_DUMP, JSON.stringify({ calls: model.calls, texts: model.requests.at(-1)?.messages.filter((m) => m.role === 'tool').map((m) => m.content) }, null, 1));

    const advertised = model.requests.find((r) => r.tools?.length)?.tools?.map((t) => t.function.name) ?? [];
    for (const tool of ['gather_timeline', 'five_whys', 'draft_postmortem', 'lint_postmortem', 'save_to_bookstack']) {
      expect(advertised).toContain(`postmortem_${tool}`);
    }
    const system = JSON.stringify(model.requests.find((r) => r.tools?.length)?.messages[0] ?? '');
    expect(system).toContain('writing-postmortem');

    expect(model.calls.map((c) => c.tool), output).toEqual([
      'skill',
      'postmortem_gather_timeline',
      'postmortem_five_whys',
      'postmortem_draft_postmortem',
      'postmortem_lint_postmortem',
      'postmortem_save_to_bookstack',
    ]);
    const last = model.requests.at(-1)!.messages.filter((m) => m.role === 'tool');
    expect(last).toHaveLength(6);
    const draftArgs = model.calls[3]!.args as { timeline: unknown[]; rootCause?: string };
    expect(draftArgs.timeline.length).toBeGreaterThanOrEqual(5);
    expect(draftArgs.rootCause ?? '').toMatch(/\w+/);
    const saveText = JSON.stringify(last[5]!.content);
    expect(saveText).toMatch(/saved to the local store/i);
    const saved = /(\/[^\s"']+\.md)/.exec(saveText)?.[1];
    expect(saved && existsSync(saved), saveText).toBe(true);
  });
});
