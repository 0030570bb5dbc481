/**
 * Publishes a postmortem to BookStack exactly once (design/bookstack.md §9): look the page up by its
 * capped name before creating, update instead of duplicating, skip the PUT when markdown and tags are
 * unchanged (every PUT adds a revision), merge tags because BookStack replaces the set, and re-check
 * by name after an ambiguous create (a timeout or a 5xx can come after the page was written).
 * Secrets are redacted before any byte leaves the process; the lint gate runs first.
 */
import { throwIfAborted, UpstreamError, UserInputError } from '../errors.js';
import type { Logger } from '../log.js';
import { parsePostmortem } from '../postmortem/parse.js';
import { pageNameFor } from '../postmortem/template.js';
import { redact } from '../redact/index.js';
import { capName, foldName, NAME_LIMIT, type BookStackClient, type BookStackPage, type BookStackTag, type PageSummary } from './client.js';
import type { Store, StoredDocument } from './store.js';
import { isIsoDate } from '../postmortem/dates.js';

export type PublishAction = 'created' | 'updated' | 'unchanged' | 'dry_run' | 'outboxed' | 'saved_locally' | 'refused';
export type PlannedAction = 'create' | 'update' | 'unchanged' | 'save_locally' | 'outbox' | 'refuse';

export interface LintFinding {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column?: number;
}

export interface LintOutcome {
  ready: boolean;
  summary: { errors: number; warnings: number; infos: number };
  diagnostics: LintFinding[];
}

/** Injected lint gate; the real one is lintMarkdown from src/lint/engine.ts. */
export type LintFn = (markdown: string) => LintOutcome | Promise<LintOutcome>;

export interface PublishRequest {
  markdown: string;
  title?: string;
  date?: string;
  bookId?: number;
  chapter?: string;
  tags?: Array<{ name: string; value?: string }>;
  dryRun?: boolean;
  force?: boolean;
}

export interface PublishDeps {
  /** Absent when BookStack is not configured: the document goes to the local store. */
  client?: BookStackClient;
  store: Store;
  defaults: { bookId: number; chapter?: string };
  lint?: LintFn;
  log?: Logger;
  signal?: AbortSignal;
  /** Budget for reaching BookStack before the document is outboxed. */
  deadlineMs?: number;
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  /** Keep a local copy (with page id and URL) of every published document; default true. */
  keepLocalCopy?: boolean;
}

export interface PublishResult {
  action: PublishAction;
  pageName: string;
  pageId?: number;
  url?: string;
  permalink?: string;
  bookId?: number;
  chapterId?: number;
  path?: string;
  redactions: number;
  redactionKinds: string[];
  lint: { errors: number; warnings: number; infos: number };
  lintChecked: boolean;
  findings?: LintFinding[];
  planned?: PlannedAction;
  changes?: string[];
  revisionCount?: number;
  requests: number;
  notes: string[];
  /** Why the document was outboxed (a trusted sentence). */
  reason?: string;
}

export interface PreparedPostmortem {
  pageName: string;
  title: string;
  date: string;
  severity?: string;
  status?: string;
  /** Redacted, include-escaped, trimmed markdown: exactly what BookStack will store. */
  content: string;
  tags: BookStackTag[];
  redactions: number;
  redactionKinds: string[];
  lint: LintOutcome | undefined;
}

export const MAX_MARKDOWN_BYTES = 4 * 1024 * 1024;

/** `{{@123}}` is a BookStack page include; a zero-width space between the braces keeps it literal text. */
export function escapeIncludes(markdown: string): string {
  return markdown.replace(/\{\{@/g, '{\u200B{@');
}

export function normalizeContent(markdown: string): string {
  return markdown.replace(/\r\n?/g, '\n').trim();
}

export function normalizeTags(tags: ReadonlyArray<{ name: string; value?: string }>): BookStackTag[] {
  const out: BookStackTag[] = [];
  const seen = new Set<string>();
  const cut = (s: string) => [...s.trim()].slice(0, NAME_LIMIT).join('').trim();
  for (const t of tags) {
    const name = cut(t.name ?? '');
    if (!name) continue;
    const value = cut(t.value ?? '');
    const key = `${name}\u0000${value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name, value });
  }
  return out;
}

/** Requested tags replace existing tags of the same name (case-insensitive); all others are kept. */
export function mergeTags(existing: readonly BookStackTag[], requested: readonly BookStackTag[]): BookStackTag[] {
  const names = new Set(requested.map((t) => foldName(t.name)));
  return normalizeTags([...existing.filter((t) => !names.has(foldName(t.name))), ...requested]);
}

export function sameTags(a: readonly BookStackTag[], b: readonly BookStackTag[]): boolean {
  const key = (tags: readonly BookStackTag[]) => normalizeTags(tags).map((t) => `${t.name}\u0000${t.value}`).sort().join('\u0001');
  return key(a) === key(b);
}


function readHeader(markdown: string): { title?: string; date?: string; severity?: string; status?: string } {
  try {
    const model = parsePostmortem(markdown).model;
    return {
      ...(model.title ? { title: model.title } : {}),
      ...(model.date ? { date: model.date } : {}),
      ...(model.severity ? { severity: model.severity } : {}),
      ...(model.status ? { status: model.status } : {}),
    };
  } catch {
    return {};
  }
}

/** Everything that does not need the network: validation, name, lint, redaction, escaping. */
export async function preparePostmortem(request: PublishRequest, lint: LintFn | undefined): Promise<PreparedPostmortem> {
  const markdown = request.markdown ?? '';
  if (!markdown.trim()) throw new UserInputError('markdown is empty; pass the postmortem document (draft_postmortem returns one).', { field: 'markdown' });
  if (Buffer.byteLength(markdown, 'utf8') > MAX_MARKDOWN_BYTES) {
    throw new UserInputError(`markdown is larger than ${MAX_MARKDOWN_BYTES / 1024 / 1024} MiB; remove pasted logs or embedded images before publishing.`, { field: 'markdown' });
  }
  if (/\]\(data:image\//i.test(markdown)) {
    throw new UserInputError('markdown embeds a data:image URI, which BookStack would extract into its image gallery; link the image instead.', { field: 'markdown' });
  }
  const header = readHeader(markdown);
  const title = (request.title ?? header.title ?? '').replace(/\s+/g, ' ').trim();
  if (!title) {
    throw new UserInputError('No title: pass title, or start the document with "# Postmortem: <title>".', { field: 'title' });
  }
  const date = (request.date ?? header.date ?? '').trim();
  if (!date) throw new UserInputError('No date: pass date as YYYY-MM-DD, or add a "**Date:** YYYY-MM-DD" line to the document.', { field: 'date' });
  if (!isIsoDate(date)) throw new UserInputError(`date must be a calendar date as YYYY-MM-DD (got "${date.slice(0, 20)}").`, { field: 'date' });

  const lintOutcome = lint ? await lint(markdown) : undefined;

  const body = redact(markdown);
  const titleRedacted = redact(title);
  let redactions = body.count + titleRedacted.count;
  const kinds = new Set([...body.kinds, ...titleRedacted.kinds]);
  const tags = normalizeTags(
    (request.tags ?? []).map((t) => {
      const n = redact(t.name);
      const v = redact(t.value ?? '');
      redactions += n.count + v.count;
      for (const k of [...n.kinds, ...v.kinds]) kinds.add(k);
      return { name: n.text, value: v.text };
    }),
  );
  const pageName = capName(pageNameFor(date, titleRedacted.text));
  const content = normalizeContent(escapeIncludes(body.text));
  return {
    pageName,
    title: titleRedacted.text,
    date,
    ...(header.severity ? { severity: redact(header.severity).text } : {}),
    ...(header.status ? { status: redact(header.status).text } : {}),
    content,
    tags,
    redactions,
    redactionKinds: [...kinds].sort(),
    lint: lintOutcome,
  };
}

export interface Target {
  bookId: number;
  chapter?: string;
}

interface CoreOptions {
  client: BookStackClient;
  signal?: AbortSignal;
  deadline: number;
  clock: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  log?: Logger;
}

export interface CoreResult {
  action: 'created' | 'updated' | 'unchanged';
  page: { id: number; slug: string; book_id: number; book_slug?: string; chapter_id: number; revision_count?: number };
  changes: string[];
  notes: string[];
}

export function isTransient(error: unknown): boolean {
  return error instanceof UpstreamError && error.transient;
}

/** Per-page lock: two saves of one postmortem in this process must not both decide to create. */
const inFlight = new Map<string, Promise<unknown>>();
async function withPageLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = inFlight.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const chained = previous.then(() => mine);
  inFlight.set(key, chained);
  await previous.catch(() => {});
  try {
    return await fn();
  } finally {
    release();
    if (inFlight.get(key) === chained) inFlight.delete(key);
  }
}

/**
 * The network part, shared by the tool and `postmortem-mcp sync`. Throws typed errors; a transient
 * UpstreamError means BookStack stayed unreachable within the deadline.
 */
export async function publishPrepared(prepared: PreparedPostmortem, target: Target, opts: CoreOptions): Promise<CoreResult> {
  return withPageLock(`${target.bookId}\u0000${foldName(prepared.pageName)}`, () => publishUnlocked(prepared, target, opts));
}

async function publishUnlocked(prepared: PreparedPostmortem, target: Target, opts: CoreOptions): Promise<CoreResult> {
  const { client, signal } = opts;
  const notes: string[] = [];
  const found = await client.findPagesByName(target.bookId, prepared.pageName, signal);
  if (found.length > 0) {
    if (found.length > 1) notes.push(`BookStack already holds ${found.length} pages named "${prepared.pageName}" in book ${target.bookId}; the oldest (id ${found[0]!.id}) was used, the others can be deleted by hand.`);
    return { ...(await updateExisting(found[0]!, prepared, opts)), notes };
  }
  throwIfAborted(signal);

  let chapter: { id: number; book_slug?: string } | undefined;
  if (target.chapter) chapter = await ensureChapter(target.bookId, target.chapter, opts, notes);

  for (let attempt = 0; ; attempt++) {
    throwIfAborted(signal);
    try {
      const page = await client.createPage(
        { ...(chapter ? { chapterId: chapter.id } : { bookId: target.bookId }), name: prepared.pageName, markdown: prepared.content, ...(prepared.tags.length ? { tags: prepared.tags } : {}) },
        signal,
      );
      return {
        action: 'created',
        page: { id: page.id, slug: page.slug, book_id: page.book_id, chapter_id: page.chapter_id, revision_count: page.revision_count, ...(chapter?.book_slug ? { book_slug: chapter.book_slug } : {}) },
        changes: ['content', ...(prepared.tags.length ? ['tags'] : [])],
        notes,
      };
    } catch (error) {
      if (!isTransient(error)) throw error;
      const wait = backoff(attempt, opts.random);
      if (opts.clock() + wait >= opts.deadline) throw error;
      opts.log?.warn('bookstack create failed, re-checking by name before retrying', { attempt: attempt + 1, status: (error as UpstreamError).status });
      await opts.sleep(wait, signal);
      // The create may have been written before the failure: look before trying again.
      const again = await client.findPagesByName(target.bookId, prepared.pageName, signal);
      if (again.length > 0) {
        const fixed = await updateExisting(again[0]!, prepared, opts);
        return { ...fixed, action: 'created', notes };
      }
    }
  }
}

async function updateExisting(summary: PageSummary, prepared: PreparedPostmortem, opts: CoreOptions): Promise<Omit<CoreResult, 'notes'>> {
  const { client, signal } = opts;
  const page: BookStackPage = await client.getPage(summary.id, signal);
  const tags = mergeTags(page.tags, prepared.tags);
  const changes: string[] = [];
  if (normalizeContent(page.markdown) !== prepared.content) changes.push('content');
  if (!sameTags(page.tags, tags)) changes.push('tags');
  const rename = page.name !== prepared.pageName;
  if (rename) changes.push('name');
  const bookSlug = summary.book_slug;
  if (changes.length === 0) {
    return { action: 'unchanged', page: { id: page.id, slug: page.slug || summary.slug, book_id: page.book_id, chapter_id: page.chapter_id, revision_count: page.revision_count, ...(bookSlug ? { book_slug: bookSlug } : {}) }, changes };
  }
  // Never send book_id or chapter_id here: either one moves the page.
  const updated = await client.updatePage(
    page.id,
    {
      markdown: prepared.content,
      ...(changes.includes('tags') ? { tags } : {}),
      ...(rename ? { name: prepared.pageName } : {}),
    },
    signal,
  );
  return { action: 'updated', page: { id: updated.id, slug: updated.slug, book_id: updated.book_id, chapter_id: updated.chapter_id, revision_count: updated.revision_count, ...(bookSlug ? { book_slug: bookSlug } : {}) }, changes };
}

async function ensureChapter(bookId: number, name: string, opts: CoreOptions, notes: string[]): Promise<{ id: number; book_slug?: string }> {
  const { client, signal } = opts;
  const existing = await client.findChaptersByName(bookId, name, signal);
  if (existing.length > 0) return pickChapter(existing);
  for (let attempt = 0; ; attempt++) {
    try {
      const created = await client.createChapter(bookId, name, signal);
      notes.push(`Created chapter "${name.trim()}" (id ${created.id}) in book ${bookId}.`);
      return pickChapter([created]);
    } catch (error) {
      if (!isTransient(error)) throw error;
      const wait = backoff(attempt, opts.random);
      if (opts.clock() + wait >= opts.deadline) throw error;
      await opts.sleep(wait, signal);
      const again = await client.findChaptersByName(bookId, name, signal);
      if (again.length > 0) return pickChapter(again);
    }
  }
}

function pickChapter(list: Array<{ id: number; book_slug?: string }>): { id: number; book_slug?: string } {
  const c = list[0]!;
  return { id: c.id, ...(c.book_slug ? { book_slug: c.book_slug } : {}) };
}

function backoff(attempt: number, random: () => number): number {
  const cap = Math.min(8_000, 500 * 2 ** attempt);
  return Math.round(cap / 2 + random() * (cap / 2));
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    }, { once: true });
  });
}

function toStored(prepared: PreparedPostmortem, target: Target, extra: Partial<StoredDocument['meta']>, savedAt: string, forced: boolean): StoredDocument {
  return {
    meta: {
      title: prepared.title,
      date: prepared.date,
      ...(prepared.severity ? { severity: prepared.severity } : {}),
      ...(prepared.status ? { status: prepared.status } : {}),
      pageName: prepared.pageName,
      bookId: target.bookId,
      ...(target.chapter ? { chapter: target.chapter } : {}),
      ...(prepared.tags.length ? { tags: prepared.tags } : {}),
      savedAt,
      ...(forced ? { forced: true } : {}),
      ...extra,
    },
    markdown: prepared.content,
  };
}

/** The whole save_to_bookstack behaviour: gate, redact, publish or store, outbox on lasting failure. */
export async function publishPostmortem(request: PublishRequest, deps: PublishDeps): Promise<PublishResult> {
  const clock = deps.clock ?? Date.now;
  const now = deps.now ?? (() => new Date(clock()));
  const prepared = await preparePostmortem(request, deps.lint);
  const target: Target = {
    bookId: request.bookId ?? deps.defaults.bookId,
    ...((request.chapter ?? deps.defaults.chapter)?.trim() ? { chapter: (request.chapter ?? deps.defaults.chapter)!.trim() } : {}),
  };
  const lintSummary = prepared.lint?.summary ?? { errors: 0, warnings: 0, infos: 0 };
  const base = {
    pageName: prepared.pageName,
    redactions: prepared.redactions,
    redactionKinds: prepared.redactionKinds,
    lint: { errors: lintSummary.errors, warnings: lintSummary.warnings, infos: lintSummary.infos },
    lintChecked: prepared.lint !== undefined,
  };
  const notes: string[] = [];
  if (!prepared.lint) notes.push('The lint gate is not available in this build; the document was not checked before publishing.');
  const startRequests = deps.client?.stats.requests ?? 0;
  const requests = () => (deps.client?.stats.requests ?? 0) - startRequests;

  if (prepared.lint && prepared.lint.summary.errors > 0 && !request.force) {
    return {
      ...base,
      action: 'refused',
      planned: 'refuse',
      findings: prepared.lint.diagnostics.filter((d) => d.severity === 'error').slice(0, 25),
      requests: 0,
      notes,
    };
  }
  if (prepared.lint && prepared.lint.summary.errors > 0) notes.push(`Published despite ${prepared.lint.summary.errors} lint error(s) because force was set.`);
  const forced = Boolean(request.force && prepared.lint && prepared.lint.summary.errors > 0);
  const savedAt = now().toISOString();

  if (!deps.client) {
    const doc = toStored(prepared, target, {}, savedAt, forced);
    const file = deps.store.localPath(doc.meta);
    if (request.dryRun) {
      return { ...base, action: 'dry_run', planned: 'save_locally', path: file, bookId: target.bookId, requests: 0, notes: [...notes, 'BookStack is not configured, so the document would be saved in the local store.'] };
    }
    const written = await deps.store.saveLocal(doc);
    return { ...base, action: 'saved_locally', path: written, bookId: target.bookId, requests: 0, notes };
  }

  const client = deps.client;
  const deadline = clock() + (deps.deadlineMs ?? 60_000);
  const core: CoreOptions = {
    client,
    ...(deps.signal ? { signal: deps.signal } : {}),
    deadline,
    clock,
    sleep: deps.sleep ?? defaultSleep,
    random: deps.random ?? Math.random,
    ...(deps.log ? { log: deps.log } : {}),
  };

  if (request.dryRun) {
    try {
      const plan = await planOnly(prepared, target, core);
      return { ...base, ...plan, action: 'dry_run', bookId: target.bookId, requests: requests(), notes: [...notes, ...plan.notes] };
    } catch (error) {
      if (!isTransient(error)) throw error;
      return {
        ...base,
        action: 'dry_run',
        planned: 'outbox',
        bookId: target.bookId,
        path: deps.store.outboxDir,
        requests: requests(),
        reason: (error as Error).message,
        notes: [...notes, 'BookStack is unreachable right now, so the document would go to the outbox.'],
      };
    }
  }

  let outcome: CoreResult;
  try {
    outcome = await publishPrepared(prepared, target, core);
  } catch (error) {
    if (!isTransient(error)) throw error;
    const file = await deps.store.writeOutbox(toStored(prepared, target, {}, savedAt, forced));
    deps.log?.warn('bookstack unreachable, document outboxed', { path: file, status: (error as UpstreamError).status });
    return { ...base, action: 'outboxed', bookId: target.bookId, path: file, requests: requests(), reason: (error as Error).message, notes };
  }

  const url = client.pageUrl(outcome.page);
  const permalink = client.permalink(outcome.page.id);
  const result: PublishResult = {
    ...base,
    action: outcome.action,
    pageId: outcome.page.id,
    url,
    permalink,
    bookId: target.bookId,
    ...(outcome.page.chapter_id ? { chapterId: outcome.page.chapter_id } : {}),
    changes: outcome.changes,
    ...(outcome.page.revision_count !== undefined ? { revisionCount: outcome.page.revision_count } : {}),
    requests: requests(),
    notes: [...notes, ...outcome.notes],
  };
  const published = toStored(prepared, target, { pageId: outcome.page.id, url, publishedAt: savedAt }, savedAt, forced);
  if (await deps.store.discardOutboxed(published.meta).catch(() => false)) {
    result.notes.push('An older queued copy of this postmortem in the outbox was dropped; this save replaced it.');
  }
  if (deps.keepLocalCopy !== false) {
    try {
      result.path = await deps.store.saveLocal(published);
    } catch (error) {
      deps.log?.warn('could not keep the local copy of a published postmortem', { code: (error as NodeJS.ErrnoException).code });
    }
  }
  return result;
}

async function planOnly(prepared: PreparedPostmortem, target: Target, opts: CoreOptions): Promise<Pick<PublishResult, 'planned' | 'pageId' | 'url' | 'chapterId' | 'changes'> & { notes: string[] }> {
  const { client, signal } = opts;
  const found = await client.findPagesByName(target.bookId, prepared.pageName, signal);
  if (found.length > 0) {
    const summary = found[0]!;
    const page = await client.getPage(summary.id, signal);
    const changes: string[] = [];
    if (normalizeContent(page.markdown) !== prepared.content) changes.push('content');
    if (!sameTags(page.tags, mergeTags(page.tags, prepared.tags))) changes.push('tags');
    if (page.name !== prepared.pageName) changes.push('name');
    return {
      planned: changes.length ? 'update' : 'unchanged',
      pageId: page.id,
      url: client.pageUrl({ id: page.id, slug: page.slug || summary.slug, ...(summary.book_slug ? { book_slug: summary.book_slug } : {}) }),
      ...(page.chapter_id ? { chapterId: page.chapter_id } : {}),
      changes,
      notes: [changes.length ? `Page ${page.id} would be updated (${changes.join(', ')}).` : `Page ${page.id} already has this content and these tags; nothing would be written.`],
    };
  }
  const notes: string[] = [];
  let chapterId: number | undefined;
  if (target.chapter) {
    const chapters = await client.findChaptersByName(target.bookId, target.chapter, signal);
    if (chapters.length > 0) {
      chapterId = chapters[0]!.id;
      notes.push(`A new page would be created in chapter "${target.chapter}" (id ${chapterId}) of book ${target.bookId}.`);
    } else {
      notes.push(`Chapter "${target.chapter}" would be created in book ${target.bookId}, then the page inside it.`);
    }
  } else {
    await client.getBook(target.bookId, signal);
    notes.push(`A new page would be created in book ${target.bookId}.`);
  }
  return { planned: 'create', ...(chapterId !== undefined ? { chapterId } : {}), changes: ['content', ...(prepared.tags.length ? ['tags'] : [])], notes };
}
