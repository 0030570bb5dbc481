import { z } from 'zod';
import type { BookStackClient, BookStackClientOptions } from '../bookstack/client.js';
import type { LintFn, PublishResult } from '../bookstack/publisher.js';
import type { Config } from '../config.js';
import { defineTool } from './define.js';

const inputSchema = z.object({
  markdown: z.string().describe('The postmortem in the template\'s Markdown (from draft_postmortem, checked with lint_postmortem).'),
  title: z.string().optional().describe('Incident title without the "Postmortem:" prefix; default: the document\'s "# Postmortem: <title>" heading.'),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD')
    .optional()
    .describe('Incident date YYYY-MM-DD; default: the document\'s **Date:** field.'),
  bookId: z.number().int().positive().optional().describe('BookStack book id; default BOOKSTACK_BOOK_ID (the homelab book, 79).'),
  chapter: z.string().max(255).optional().describe('Chapter name inside the book (e.g. "Postmortems"); created when missing. Default BOOKSTACK_CHAPTER.'),
  tags: z
    .array(
      z.object({
        name: z.string().trim().min(1, 'a tag needs a name').max(191),
        value: z.string().max(191).optional(),
      }),
    )
    .max(50)
    .optional()
    .describe('Tags [{name, value}] merged with the tags the page already has (a tag of the same name is replaced).'),
  dryRun: z.boolean().optional().describe('Report what would happen without writing anything.'),
  force: z.boolean().optional().describe('Publish even when lint_postmortem reports errors.'),
});

const finding = z.object({ ruleId: z.string(), severity: z.string(), message: z.string(), line: z.number() });

const outputSchema = z.object({
  action: z.enum(['created', 'updated', 'unchanged', 'dry_run', 'outboxed', 'saved_locally', 'refused']),
  pageName: z.string(),
  pageId: z.number().int().optional(),
  url: z.string().optional(),
  permalink: z.string().optional().describe('{BOOKSTACK_URL}/link/{pageId}: stays valid when the page is renamed.'),
  bookId: z.number().int().optional(),
  chapterId: z.number().int().optional(),
  path: z.string().optional().describe('Local store or outbox file.'),
  redactions: z.number().int(),
  redactionKinds: z.array(z.string()),
  lint: z.object({ errors: z.number().int(), warnings: z.number().int(), infos: z.number().int() }),
  lintChecked: z.boolean(),
  findings: z.array(finding).optional().describe('Lint errors that refused the save.'),
  planned: z.enum(['create', 'update', 'unchanged', 'save_locally', 'outbox', 'refuse']).optional(),
  changes: z.array(z.string()).optional(),
  revisionCount: z.number().int().optional(),
  requests: z.number().int().describe('BookStack HTTP requests this save made.'),
  notes: z.array(z.string()),
  reason: z.string().optional(),
});

type Output = z.input<typeof outputSchema>;

/** Options for tests and embedders; production uses the defaults. */
export interface SaveToBookstackOptions {
  /** The lint gate; default lintMarkdown from src/lint/engine.ts, null to disable (tests). */
  lint?: LintFn | null;
  client?: Partial<Omit<BookStackClientOptions, 'url' | 'tokenId' | 'tokenSecret'>>;
  deadlineMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

// Domain modules load on the first call, so serving starts fast (bench/cold-start).
const load = async () => {
  const [client, publisher, store, engine] = await Promise.all([
    import('../bookstack/client.js'),
    import('../bookstack/publisher.js'),
    import('../bookstack/store.js'),
    import('../lint/engine.js'),
  ]);
  return { createBookStackClient: client.createBookStackClient, publishPostmortem: publisher.publishPostmortem, createStore: store.createStore, lintMarkdown: engine.lintMarkdown };
};

export function createSaveToBookstackTool(options: SaveToBookstackOptions = {}) {
  const clients = new WeakMap<Config, BookStackClient>();
  const clientFor = (config: Config, createBookStackClient: Awaited<ReturnType<typeof load>>['createBookStackClient']): BookStackClient | undefined => {
    if (!config.bookstack) return undefined;
    let client = clients.get(config);
    if (!client) {
      client = createBookStackClient({
        url: config.bookstack.url,
        tokenId: config.bookstack.tokenId,
        tokenSecret: config.bookstack.tokenSecret,
        ...(config.bookstack.caFile ? { caFile: config.bookstack.caFile } : {}),
        // Interactive budget: most MCP clients give up on a tool call after about 60 s.
        requestTimeoutMs: 10_000,
        overallTimeoutMs: 30_000,
        ...options.client,
      });
      clients.set(config, client);
    }
    return client;
  };

  return defineTool({
    name: 'save_to_bookstack',
    title: 'Save postmortem to BookStack',
    description: `Publish a finished postmortem as the BookStack page "Postmortem YYYY-MM-DD: <title>", exactly once: an existing page of that name is updated (no new revision when nothing changed), tags are merged, secrets are redacted first, and a document with lint errors is refused unless force is set. Without BookStack configured it is saved to the local store; when BookStack is unreachable it goes to the outbox for \`postmortem-mcp sync\`. Call it after lint_postmortem reports ready; use dryRun to preview.`,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    inputSchema,
    outputSchema,
    async handler(input, ctx) {
      const { createBookStackClient, publishPostmortem, createStore, lintMarkdown } = await load();
      // The lint gate: the same recommended preset lint_postmortem uses by default.
      const lint: LintFn | undefined = options.lint === null ? undefined : (options.lint ?? ((markdown) => lintMarkdown(markdown)));
      const client = clientFor(ctx.config, createBookStackClient);
      const result = await publishPostmortem(
        {
          markdown: input.markdown,
          ...(input.title !== undefined ? { title: input.title } : {}),
          ...(input.date !== undefined ? { date: input.date } : {}),
          ...(input.bookId !== undefined ? { bookId: input.bookId } : {}),
          ...(input.chapter !== undefined ? { chapter: input.chapter } : {}),
          ...(input.tags !== undefined ? { tags: input.tags } : {}),
          ...(input.dryRun !== undefined ? { dryRun: input.dryRun } : {}),
          ...(input.force !== undefined ? { force: input.force } : {}),
        },
        {
          ...(client ? { client } : {}),
          store: createStore(ctx.config.storeDir),
          defaults: ctx.config.bookstackTarget,
          ...(lint ? { lint } : {}),
          log: ctx.log,
          signal: ctx.signal,
          now: ctx.now,
          deadlineMs: options.deadlineMs ?? 40_000,
          ...(options.sleep ? { sleep: options.sleep } : {}),
        },
      );
      ctx.log.info('save_to_bookstack', { action: result.action, pageId: result.pageId, requests: result.requests, redactions: result.redactions });
      return { structured: toOutput(result), text: describe(result) };
    },
  });
}

function toOutput(r: PublishResult): Output {
  const out: Output = {
    action: r.action,
    pageName: r.pageName,
    redactions: r.redactions,
    redactionKinds: r.redactionKinds,
    lint: r.lint,
    lintChecked: r.lintChecked,
    requests: r.requests,
    notes: r.notes,
  };
  if (r.pageId !== undefined) out.pageId = r.pageId;
  if (r.url !== undefined) out.url = r.url;
  if (r.permalink !== undefined) out.permalink = r.permalink;
  if (r.bookId !== undefined) out.bookId = r.bookId;
  if (r.chapterId !== undefined) out.chapterId = r.chapterId;
  if (r.path !== undefined) out.path = r.path;
  if (r.findings) out.findings = r.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.line }));
  if (r.planned !== undefined) out.planned = r.planned;
  if (r.changes !== undefined) out.changes = r.changes;
  if (r.revisionCount !== undefined) out.revisionCount = r.revisionCount;
  if (r.reason !== undefined) out.reason = r.reason;
  return out;
}

function describe(r: PublishResult): string {
  const lines: string[] = [];
  const where = r.url ? ` at ${r.url}` : '';
  switch (r.action) {
    case 'created':
      lines.push(`Created BookStack page ${r.pageId} "${r.pageName}" in book ${r.bookId}${r.chapterId ? ` (chapter ${r.chapterId})` : ''}${where}.`);
      lines.push('Next: share the link with the reviewers; saving again after edits updates this page instead of creating another.');
      break;
    case 'updated':
      lines.push(`Updated BookStack page ${r.pageId} "${r.pageName}" (${(r.changes ?? []).join(', ')})${where}.`);
      lines.push('Next: tell the reviewers the page changed.');
      break;
    case 'unchanged':
      lines.push(`BookStack page ${r.pageId} "${r.pageName}" already has this content and these tags; nothing was written (no new revision)${where}.`);
      lines.push('Next: nothing to do unless the document changes.');
      break;
    case 'dry_run':
      lines.push(`Dry run for "${r.pageName}": ${planText(r)}. Nothing was written.`);
      lines.push('Next: call save_to_bookstack again without dryRun to do it.');
      break;
    case 'outboxed':
      lines.push(`BookStack stayed unreachable, so "${r.pageName}" was queued in the outbox at ${r.path}; nothing is lost.`);
      if (r.reason) lines.push(`Cause: ${r.reason}`);
      lines.push('Next: fix the connection, then run `postmortem-mcp sync` (or save again) to publish it.');
      break;
    case 'saved_locally':
      lines.push(`BookStack is not configured, so "${r.pageName}" was saved to the local store at ${r.path}.`);
      lines.push('Next: set BOOKSTACK_URL, BOOKSTACK_TOKEN_ID and BOOKSTACK_TOKEN_SECRET to publish, or keep the file.');
      break;
    case 'refused':
      lines.push(`Not published: lint found ${r.lint.errors} error(s) in "${r.pageName}".`);
      for (const f of r.findings ?? []) lines.push(`- line ${f.line} ${f.ruleId}: ${f.message}`);
      lines.push('Next: fix them (lint_postmortem with fix: true helps), or call save_to_bookstack with force: true to publish anyway.');
      break;
  }
  if (r.redactions > 0) lines.push(`Redacted ${r.redactions} secret(s) (${r.redactionKinds.join(', ')}) before anything left this server; rotate them if they were real.`);
  if (r.lintChecked && r.action !== 'refused') lines.push(`Lint: ${r.lint.errors} error(s), ${r.lint.warnings} warning(s), ${r.lint.infos} info(s).`);
  for (const note of r.notes) lines.push(note);
  return lines.join('\n');
}

function planText(r: PublishResult): string {
  switch (r.planned) {
    case 'create':
      return `a new page would be created in book ${r.bookId}`;
    case 'update':
      return `page ${r.pageId} would be updated (${(r.changes ?? []).join(', ')})`;
    case 'unchanged':
      return `page ${r.pageId} is already up to date, nothing would change`;
    case 'save_locally':
      return `it would be saved to the local store at ${r.path}`;
    case 'outbox':
      return `BookStack is unreachable, so it would be queued in the outbox${r.reason ? ` (${r.reason})` : ''}`;
    default:
      return 'it would be refused';
  }
}

export const saveToBookstackTool = createSaveToBookstackTool();
