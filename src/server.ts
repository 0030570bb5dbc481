/**
 * createServer(deps) builds the MCP server: the five tools, the write-postmortem prompt and the
 * skill resources. No I/O at import or construction; resource files are read when a client asks.
 */
import { readFile } from 'node:fs/promises';
import { McpServer } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import type { ToolDefinition } from './tools/define.js';
import { allTools } from './tools/index.js';
import { registerTool } from './tools/register.js';

export const SERVER_NAME = 'postmortem-mcp';
export const SERVER_VERSION = '0.1.0';

export interface ServerDeps {
  config: Config;
  log: Logger;
  tools?: ToolDefinition[];
  now?: () => Date;
}

const SKILL_DIR = new URL('../skills/writing-postmortem/', import.meta.url);

export const RESOURCES = [
  {
    name: 'writing-postmortem-skill',
    uri: 'skill://writing-postmortem/SKILL.md',
    file: 'SKILL.md',
    title: 'Skill: writing a postmortem',
    description: 'The bundled agent skill: workflow, tools per step, severity guide, template, blameless guidance.',
  },
  {
    name: 'postmortem-template',
    uri: 'postmortem://template',
    file: 'references/template.md',
    title: 'Postmortem document template',
    description: 'The exact Markdown template every postmortem follows, and the conventions the tools add.',
  },
  {
    name: 'severity-guide',
    uri: 'postmortem://severity-guide',
    file: 'references/severity-guide.md',
    title: 'Severity guide',
    description: 'P1-P4 criteria and response, mapping to SEV levels, when a postmortem is required.',
  },
  {
    name: 'lint-rules',
    uri: 'postmortem://lint-rules',
    file: 'references/lint-rules.md',
    title: 'lint_postmortem rule reference',
    description: 'Every lint rule with id, alias, severity, what it checks and how to fix it.',
  },
] as const;

export const INSTRUCTIONS = `Tools for writing a blameless incident postmortem, in this order: gather_timeline (evidence -> one UTC timeline), five_whys (check the root-cause chain), draft_postmortem (render the template), lint_postmortem (review), save_to_bookstack (publish once). Read skill://writing-postmortem/SKILL.md for the workflow. Snapshot Kubernetes events first: they expire after one hour.`;

export function promptText(args: { incident: string; start?: string | undefined; end?: string | undefined }): string {
  const window =
    args.start && args.end
      ? `The incident window is ${args.start} to ${args.end} (UTC).`
      : 'Find the incident window first (UTC instants with a zone, starting a little before the first symptom).';
  return `Write a blameless postmortem for this incident: ${args.incident}

${window}

Follow the writing-postmortem skill (resource skill://writing-postmortem/SKILL.md) and use the tools in this order:
1. gather_timeline with the window (and any exported evidence as inputs) — do it now, Kubernetes events expire after one hour. Read its warnings and sources.
2. five_whys with the problem and each answer, citing timeline event ids as evidence; branch with parent when there are several causes; repeat with nextQuestion until the verdict is ready.
3. draft_postmortem with the timeline rows, rootCauseSection, contributingFactors, impact, what went well and poorly, and action items.
4. lint_postmortem on the draft; fix every error (fix: true applies safe fixes) until ready is true.
5. save_to_bookstack with dryRun: true, show me the result, then publish.

Keep it blameless: systems and processes are the causes, never a person. Ask me for anything you cannot find in the evidence instead of guessing.`;
}

export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, version: SERVER_VERSION, title: 'Postmortem MCP' },
    {
      capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
      instructions: INSTRUCTIONS,
    },
  );

  for (const tool of deps.tools ?? allTools) registerTool(server, tool, deps);

  for (const resource of RESOURCES) {
    server.registerResource(
      resource.name,
      resource.uri,
      { title: resource.title, description: resource.description, mimeType: 'text/markdown' },
      async (uri: URL) => ({
        contents: [{ uri: uri.href, mimeType: 'text/markdown', text: await readFile(new URL(resource.file, SKILL_DIR), 'utf8') }],
      }),
    );
  }

  server.registerPrompt(
    'write-postmortem',
    {
      title: 'Write a postmortem',
      description: 'Start the postmortem workflow for an incident: gather_timeline, five_whys, draft_postmortem, lint_postmortem, save_to_bookstack.',
      argsSchema: z.object({
        incident: z.string().describe('What happened, in a few words (e.g. "checkout API 5xx after config push").'),
        start: z.string().optional().describe('Window start, ISO 8601 with zone (optional).'),
        end: z.string().optional().describe('Window end, ISO 8601 with zone (optional).'),
      }),
    },
    (args: { incident: string; start?: string | undefined; end?: string | undefined }) => ({
      description: `Postmortem workflow for: ${args.incident}`,
      messages: [{ role: 'user' as const, content: { type: 'text' as const, text: promptText(args) } }],
    }),
  );

  return server;
}
