/**
 * BookStack v24.10 REST client (design/bookstack.md). Thin and typed: listings are paged and
 * deduplicated, every error envelope becomes a typed error whose sentence says what to fix, and the
 * upstream text is used only to pick that sentence, never echoed (5xx bodies carry server paths).
 */
import type { Dispatcher } from 'undici';
import { NotFoundError, UpstreamError, UserInputError } from '../errors.js';
import { createHttpClient, HttpNetworkError, HttpStatusError, type HttpClient, type Query, type RetryInfo } from '../http/client.js';

export const NAME_LIMIT = 191;

export interface BookStackTag {
  name: string;
  value: string;
}

export interface PageSummary {
  id: number;
  book_id: number;
  chapter_id: number;
  name: string;
  slug: string;
  draft: boolean;
  book_slug?: string;
  revision_count?: number;
}

export interface BookStackPage extends PageSummary {
  markdown: string;
  revision_count: number;
  tags: BookStackTag[];
}

export interface ChapterSummary {
  id: number;
  book_id: number;
  name: string;
  slug: string;
  book_slug?: string;
}

export interface BookSummary {
  id: number;
  name: string;
  slug: string;
}

/** What a request was for, so a 403 or 404 can name the permission or the object. */
export type BookStackAction = 'page-create' | 'page-update' | 'chapter-create' | 'read';

export interface BookStackClientOptions {
  url: string;
  tokenId: string;
  tokenSecret: string;
  caFile?: string;
  requestTimeoutMs?: number;
  overallTimeoutMs?: number;
  maxRetries?: number;
  dispatcher?: Dispatcher;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
  onRetry?: (info: RetryInfo) => void;
}

export interface BookStackClient {
  readonly baseUrl: string;
  readonly stats: { requests: number; retries: number };
  listPages(filter: { bookId?: number; name?: string; chapterId?: number }, signal?: AbortSignal): Promise<PageSummary[]>;
  /** Published pages in the book whose name equals `name` case-insensitively, oldest first. */
  findPagesByName(bookId: number, name: string, signal?: AbortSignal): Promise<PageSummary[]>;
  getPage(id: number, signal?: AbortSignal): Promise<BookStackPage>;
  createPage(input: { bookId?: number; chapterId?: number; name: string; markdown: string; tags?: BookStackTag[] }, signal?: AbortSignal): Promise<BookStackPage>;
  updatePage(id: number, input: { name?: string; markdown?: string; tags?: BookStackTag[] }, signal?: AbortSignal): Promise<BookStackPage>;
  getBook(id: number, signal?: AbortSignal): Promise<BookSummary>;
  findChaptersByName(bookId: number, name: string, signal?: AbortSignal): Promise<ChapterSummary[]>;
  createChapter(bookId: number, name: string, signal?: AbortSignal): Promise<ChapterSummary>;
  /** Readable URL when the book slug is known (from this page or any earlier listing), else the permalink. */
  pageUrl(page: { id: number; slug?: string; book_slug?: string; book_id?: number }): string;
  permalink(pageId: number): string;
  close(): Promise<void>;
}

const AUTH_401: Array<[string, string]> = [
  ['No authorization token found', 'BookStack received no API token: a proxy in front of it probably strips the Authorization header (for Apache add SetEnvIf Authorization "(.*)" HTTP_AUTHORIZATION=$1), or BOOKSTACK_TOKEN_ID is empty.'],
  ['format appeared incorrect', 'BookStack could not read the API token: BOOKSTACK_TOKEN_ID and BOOKSTACK_TOKEN_SECRET must be the id and the secret of one API token, without spaces or ":".'],
  ['No matching API token', 'BookStack knows no API token with the id in BOOKSTACK_TOKEN_ID; create a token under the user profile (API Tokens) and set BOOKSTACK_TOKEN_ID and BOOKSTACK_TOKEN_SECRET to it.'],
  ['secret provided for the given used API token is incorrect', 'BookStack rejected BOOKSTACK_TOKEN_SECRET for that token id; copy the secret again (BookStack shows it only once) or create a new token.'],
  ['email address for the account in use needs to be confirmed', 'The BookStack account that owns the API token has not confirmed its email address; confirm it or use a token of another account.'],
];

const ACTION_TEXT: Record<BookStackAction, string> = {
  'page-create': 'create pages',
  'page-update': 'update pages',
  'chapter-create': 'create chapters',
  read: 'read this content',
};

export function createBookStackClient(options: BookStackClientOptions): BookStackClient {
  const http: HttpClient = createHttpClient({
    system: 'BookStack',
    urlVariable: 'BOOKSTACK_URL',
    baseUrl: options.url,
    headers: {
      authorization: `Token ${options.tokenId}:${options.tokenSecret}`,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    secrets: [options.tokenId, options.tokenSecret, `${options.tokenId}:${options.tokenSecret}`],
    ...(options.caFile ? { caFile: options.caFile } : {}),
    requestTimeoutMs: options.requestTimeoutMs ?? 15_000,
    overallTimeoutMs: options.overallTimeoutMs ?? 45_000,
    maxRetries: options.maxRetries ?? 5,
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  const base = http.baseUrl;
  // Page objects carry no book_slug; listings do, so remember what they taught us.
  const bookSlugs = new Map<number, string>();
  const learn = (item: { book_id: number; book_slug?: string }) => {
    if (item.book_slug) bookSlugs.set(item.book_id, item.book_slug);
  };

  async function call<T>(
    req: { method?: string; path: string; query?: Query; body?: unknown; signal?: AbortSignal | undefined; retry?: boolean | 'unprocessed' },
    context: { action: BookStackAction; bookId?: number; chapterId?: number; pageId?: number },
  ): Promise<T> {
    try {
      const res = await http.request<T>({
        method: req.method ?? 'GET',
        path: req.path,
        ...(req.query ? { query: req.query } : {}),
        ...(req.body !== undefined ? { body: req.body } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.retry !== undefined ? { retry: req.retry } : {}),
      });
      if (res.body === undefined || res.body === null || typeof res.body !== 'object') {
        throw new UpstreamError('BookStack', `BookStack answered ${req.method ?? 'GET'} ${req.path} with an empty or non-object body; check that BOOKSTACK_URL points at BookStack.`);
      }
      return res.body;
    } catch (error) {
      throw mapError(error, context);
    }
  }

  async function listAll<T extends { id: number }>(path: string, query: Query, signal?: AbortSignal): Promise<T[]> {
    const seen = new Map<number, T>();
    const count = 500;
    for (let offset = 0, guard = 0; guard < 200; guard++) {
      const page = await call<{ data?: unknown; total?: unknown }>({ path, query: { ...query, count, offset }, signal }, { action: 'read' });
      const data = Array.isArray(page.data) ? (page.data as T[]) : [];
      const total = typeof page.total === 'number' ? page.total : data.length;
      for (const item of data) if (item && typeof item.id === 'number' && !seen.has(item.id)) seen.set(item.id, item);
      offset += data.length;
      if (data.length === 0 || offset >= total) break;
    }
    return [...seen.values()];
  }

  const client: BookStackClient = {
    baseUrl: base,
    stats: http.stats,

    async listPages(filter, signal) {
      const query: Query = { sort: '+id' };
      if (filter.bookId !== undefined) query['filter[book_id]'] = filter.bookId;
      if (filter.chapterId !== undefined) query['filter[chapter_id]'] = filter.chapterId;
      if (filter.name !== undefined) query['filter[name]'] = filter.name;
      const items = await listAll<Record<string, unknown> & { id: number }>('api/pages', query, signal);
      const pages = items.map(toPageSummary);
      pages.forEach(learn);
      return pages;
    },

    async findPagesByName(bookId, name, signal) {
      const capped = capName(name);
      const pages = await client.listPages({ bookId, name: capped }, signal);
      const key = foldName(capped);
      // The server filter is collation-based; re-check so a proxy or an ignored filter cannot match the wrong page.
      return pages.filter((p) => p.book_id === bookId && !p.draft && foldName(p.name) === key).sort((a, b) => a.id - b.id);
    },

    async getPage(id, signal) {
      const raw = await call<Record<string, unknown>>({ path: `api/pages/${id}`, signal }, { action: 'read', pageId: id });
      return toPage(raw);
    },

    async createPage(input, signal) {
      const body: Record<string, unknown> = { name: capName(input.name), markdown: input.markdown };
      // chapter_id wins over book_id on the server; send exactly one, and never a null or empty chapter_id.
      if (input.chapterId !== undefined) body.chapter_id = input.chapterId;
      else body.book_id = input.bookId;
      if (input.tags && input.tags.length > 0) body.tags = input.tags.map((t) => ({ name: t.name, value: t.value }));
      const raw = await call<Record<string, unknown>>(
        { method: 'POST', path: 'api/pages', body, signal, retry: 'unprocessed' },
        { action: 'page-create', ...(input.bookId !== undefined ? { bookId: input.bookId } : {}), ...(input.chapterId !== undefined ? { chapterId: input.chapterId } : {}) },
      );
      return toPage(raw);
    },

    async updatePage(id, input, signal) {
      const body: Record<string, unknown> = {};
      if (input.name !== undefined) {
        const name = capName(input.name);
        if (!name.trim()) throw new UserInputError('The page name would be empty; pass a title.', { field: 'title' });
        body.name = name;
      }
      if (input.markdown !== undefined) body.markdown = input.markdown;
      if (input.tags !== undefined) body.tags = input.tags.map((t) => ({ name: t.name, value: t.value }));
      const raw = await call<Record<string, unknown>>({ method: 'PUT', path: `api/pages/${id}`, body, signal }, { action: 'page-update', pageId: id });
      return toPage(raw);
    },

    async getBook(id, signal) {
      const raw = await call<Record<string, unknown>>({ path: `api/books/${id}`, signal }, { action: 'read', bookId: id });
      const book = { id: num(raw.id), name: str(raw.name), slug: str(raw.slug) };
      if (book.slug) bookSlugs.set(book.id, book.slug);
      return book;
    },

    async findChaptersByName(bookId, name, signal) {
      const items = await listAll<Record<string, unknown> & { id: number }>('api/chapters', { 'filter[book_id]': bookId, 'filter[name]': name.trim(), sort: '+id' }, signal);
      const key = foldName(name.trim());
      const chapters = items.map(toChapter);
      chapters.forEach(learn);
      return chapters.filter((c) => c.book_id === bookId && foldName(c.name) === key).sort((a, b) => a.id - b.id);
    },

    async createChapter(bookId, name, signal) {
      const raw = await call<Record<string, unknown>>(
        { method: 'POST', path: 'api/chapters', body: { book_id: bookId, name: name.trim() }, signal, retry: 'unprocessed' },
        { action: 'chapter-create', bookId },
      );
      const chapter = toChapter(raw);
      learn(chapter);
      return chapter;
    },

    pageUrl(page) {
      const bookSlug = page.book_slug ?? (page.book_id !== undefined ? bookSlugs.get(page.book_id) : undefined);
      if (bookSlug && page.slug) return `${base}/books/${encodeURIComponent(bookSlug)}/page/${encodeURIComponent(page.slug)}`;
      return client.permalink(page.id);
    },

    permalink(pageId) {
      return `${base}/link/${pageId}`;
    },

    close: () => http.close(),
  };
  return client;
}

/** Case- and accent-insensitive key, as BookStack's utf8mb4_unicode_ci collation compares names. */
export function foldName(name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

/** BookStack silently cuts page names to 191 characters; cap before look-up and create (code points). */
export function capName(name: string): string {
  const trimmed = name.trim();
  const points = [...trimmed];
  return points.length <= NAME_LIMIT ? trimmed : points.slice(0, NAME_LIMIT).join('').trimEnd();
}

function mapError(error: unknown, ctx: { action: BookStackAction; bookId?: number; chapterId?: number; pageId?: number }): unknown {
  if (error instanceof HttpNetworkError) return error;
  if (!(error instanceof HttpStatusError)) return error;
  const status = error.status;
  const message = envelopeMessage(error.json);
  const opts = { status, transient: error.transient, cause: error };
  if (status === 401) {
    const hit = AUTH_401.find(([needle]) => message.includes(needle));
    return new UpstreamError('BookStack', hit ? hit[1] : 'BookStack rejected the API token (HTTP 401); check BOOKSTACK_TOKEN_ID and BOOKSTACK_TOKEN_SECRET.', opts);
  }
  if (status === 403) {
    if (message.includes('has expired')) {
      return new UpstreamError('BookStack', 'The BookStack API token has expired; create a new token (or extend its expiry date) and update BOOKSTACK_TOKEN_ID and BOOKSTACK_TOKEN_SECRET.', opts);
    }
    if (message.includes('permission to make API calls')) {
      return new UpstreamError('BookStack', 'The owner of the BookStack API token lacks the "Access System API" role permission; grant it under Settings > Roles (if it already has it, make sure no proxy adds a BookStack session cookie).', opts);
    }
    const where = ctx.chapterId !== undefined ? ` in chapter ${ctx.chapterId}` : ctx.bookId !== undefined ? ` in book ${ctx.bookId}` : ctx.pageId !== undefined ? ` on page ${ctx.pageId}` : '';
    return new UpstreamError('BookStack', `The BookStack API token may not ${ACTION_TEXT[ctx.action]}${where} (missing "${ctx.action}" permission); give its role that permission on the book, or choose another bookId.`, opts);
  }
  if (status === 404) {
    if (error.html) {
      return new UpstreamError('BookStack', `BookStack has no API route at ${error.path} (it answered an HTML page); set BOOKSTACK_URL to the BookStack base URL without "/api", including any sub-path such as https://host/wiki.`, opts);
    }
    const id = (n: number | undefined) => (n === undefined ? '' : ` ${n}`);
    const isChapter = /Models.{0,2}Chapter\]/.test(message);
    const isBook = /Models.{0,2}Book\]/.test(message);
    if (isChapter || (ctx.chapterId !== undefined && !isBook)) {
      return new NotFoundError(`BookStack has no chapter${id(ctx.chapterId)} visible to this token; check the chapter name, or that the token's role can view it.`, { field: 'chapter', cause: error });
    }
    if (isBook || ctx.bookId !== undefined) {
      return new NotFoundError(`BookStack has no book${id(ctx.bookId)} visible to this token; check bookId (or BOOKSTACK_BOOK_ID) and that the token's role can view that book.`, { field: 'bookId', cause: error });
    }
    return new NotFoundError(`BookStack has no page${id(ctx.pageId)} visible to this token (it may have been deleted); save again to create it.`, { cause: error });
  }
  if (status === 422) {
    const fields = validationMessages(error.json);
    return new UserInputError(`BookStack refused the ${ctx.action.startsWith('chapter') ? 'chapter' : 'page'}: ${fields || 'the data was invalid'}; fix those fields and save again.`, {
      field: firstValidationField(error.json),
      cause: error,
    });
  }
  if (status === 413) {
    return new UserInputError('The postmortem is too large for BookStack (HTTP 413); shorten it (remove pasted logs or embedded images) or raise post_max_size / client_max_body_size on the server.', { field: 'markdown', cause: error });
  }
  return error;
}

function envelopeMessage(json: unknown): string {
  if (json && typeof json === 'object') {
    const err = (json as { error?: unknown }).error;
    if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string') return (err as { message: string }).message;
    if (typeof (json as { message?: unknown }).message === 'string') return (json as { message: string }).message;
  }
  return '';
}

function validationMap(json: unknown): Record<string, unknown> {
  const err = json && typeof json === 'object' ? (json as { error?: { validation?: unknown } }).error : undefined;
  const v = err?.validation;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Field messages are BookStack's own templates ("The name field is required."); still capped and plain-text only. */
function validationMessages(json: unknown): string {
  const parts: string[] = [];
  for (const [field, messages] of Object.entries(validationMap(json)).slice(0, 8)) {
    const list = (Array.isArray(messages) ? messages : [messages]).filter((m): m is string => typeof m === 'string').map((m) => m.replace(/[\r\n<>]/g, ' ').slice(0, 160));
    if (list.length > 0) parts.push(`${field.replace(/[^\w.\- ]/g, '').slice(0, 40)}: ${list.join(' ')}`);
  }
  return parts.join('; ');
}

function firstValidationField(json: unknown): string | undefined {
  const first = Object.keys(validationMap(json))[0];
  if (!first) return undefined;
  return first === 'name' ? 'title' : first === 'book_id' ? 'bookId' : first === 'chapter_id' ? 'chapter' : first;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v) || 0;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function toPageSummary(raw: Record<string, unknown>): PageSummary {
  const out: PageSummary = {
    id: num(raw.id),
    book_id: num(raw.book_id),
    chapter_id: num(raw.chapter_id),
    name: str(raw.name),
    slug: str(raw.slug),
    draft: raw.draft === true || raw.draft === 1,
  };
  if (typeof raw.book_slug === 'string') out.book_slug = raw.book_slug;
  if (typeof raw.revision_count === 'number') out.revision_count = raw.revision_count;
  return out;
}

function toPage(raw: Record<string, unknown>): BookStackPage {
  const tags = Array.isArray(raw.tags)
    ? raw.tags
        .filter((t): t is Record<string, unknown> => !!t && typeof t === 'object')
        .map((t) => ({ name: str(t.name), value: str(t.value) }))
    : [];
  return { ...toPageSummary(raw), markdown: str(raw.markdown), revision_count: num(raw.revision_count), tags };
}

function toChapter(raw: Record<string, unknown>): ChapterSummary {
  const out: ChapterSummary = { id: num(raw.id), book_id: num(raw.book_id), name: str(raw.name), slug: str(raw.slug) };
  if (typeof raw.book_slug === 'string') out.book_slug = raw.book_slug;
  return out;
}
