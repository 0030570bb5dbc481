/**
 * A local BookStack v24.10 API simulator for tests and benchmarks, following
 * /work/shared/design/bookstack.md §8 (auth texts verbatim, throttle before auth, error envelope,
 * listings, 191-character cuts, revisions, tag replacement, slugs, the HTML 404 that sets a session
 * cookie, the 500 after a write for a tag without a name) plus fault injection.
 *
 * Test code only: product code must not rely on anything here that real BookStack does not do.
 * Every JSON reply carries a "do-not-leak" field that no tool result may pass through.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const DO_NOT_LEAK = 'sim-do-not-leak-4c1d9e';

export interface SimToken {
  id: string;
  secret: string;
  expired?: boolean;
  /** The token's user lacks "Access System API". */
  noApi?: boolean;
  unconfirmed?: boolean;
  /** Content permissions; all true unless set false. */
  pageCreate?: boolean;
  pageUpdate?: boolean;
  pageDelete?: boolean;
  chapterCreate?: boolean;
  /** Books this token cannot view (they behave as missing: 404). */
  hiddenBooks?: number[];
  /** Without editor-change the editor stays the system default ("wysiwyg"). */
  editorChange?: boolean;
}

export type FaultKind = 429 | 413 | 500 | 502 | 503 | 504 | 'hang' | 'reset';

export interface Fault {
  kind: FaultKind;
  /** Apply after the request was handled (the write happened, the answer is lost or wrong). */
  after?: boolean;
  /** For 'hang': how long before the socket is destroyed (default: until close). */
  hangMs?: number;
}

export interface FaultRule {
  fault: Fault;
  times: number;
  method?: string;
  path?: RegExp;
}

export interface SimRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  at: number;
  fault?: FaultKind;
  /** Request body (first 64 KiB) and whether a cookie header was sent. */
  body: string;
  cookie: boolean;
}

export interface SimTag {
  name: string;
  value: string;
  order: number;
}

export interface SimPage {
  id: number;
  book_id: number;
  chapter_id: number;
  name: string;
  slug: string;
  html: string;
  raw_html: string;
  markdown: string;
  priority: number;
  draft: boolean;
  template: boolean;
  created_at: string;
  updated_at: string;
  revision_count: number;
  editor: string;
  tags: SimTag[];
}

export interface SimChapter {
  id: number;
  book_id: number;
  name: string;
  slug: string;
  description: string;
  priority: number;
  created_at: string;
  updated_at: string;
  tags: SimTag[];
}

export interface SimBook {
  id: number;
  name: string;
  slug: string;
  description: string;
  created_at: string;
  updated_at: string;
  tags: SimTag[];
}

export interface SimRevision {
  pageId: number;
  number: number;
  summary: string;
  name: string;
  markdown: string;
}

export interface SimOptions {
  tokens?: SimToken[];
  /** Requests per window per client IP (API_REQUESTS_PER_MIN). */
  rateLimit?: number;
  windowMs?: number;
  /** Install under a sub-path, e.g. "/wiki". */
  basePath?: string;
  books?: Array<{ id: number; name: string }>;
  /** post_max_size stand-in. */
  maxBodyBytes?: number;
  now?: () => number;
  /** Deterministic slug suffixes. */
  random?: () => number;
  /** Called for every request before faults, for chaos policies. */
  faultPolicy?: (req: { method: string; path: string }) => Fault | undefined;
}

export const DEFAULT_TOKEN: SimToken = { id: 'simTokenId0001', secret: 'simTokenSecret9f8e7d6c5b4a' };

const MSG = {
  noToken: 'No authorization token found on the request',
  badFormat: 'An authorization token was found on the request but the format appeared incorrect',
  unknownToken: 'No matching API token was found for the provided authorization token',
  badSecret: 'The secret provided for the given used API token is incorrect',
  expired: 'The authorization token used has expired',
  noApi: 'The owner of the used API token does not have permission to make API calls',
  unconfirmed: 'The email address for the account in use needs to be confirmed',
  permissionJson: 'You do not have permission to perform the requested action.',
  permissionHtml: 'You do not have permission to access the requested page.',
  invalid: 'The given data was invalid.',
  tooMany: 'Too Many Attempts.',
  tooLarge: 'The server cannot receive the provided amount of data. Try again with less data or a smaller file.',
} as const;

const USER_OBJECT = { id: 1, name: 'Admin', slug: 'admin' };

type Json = Record<string, unknown>;

class HttpReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
    readonly raw?: string,
  ) {}
}

const envelope = (status: number, message: string, validation?: Record<string, string[]>): HttpReply =>
  new HttpReply(status, { error: { message, ...(validation ? { validation } : {}), code: status }, 'do-not-leak': DO_NOT_LEAK });

const invalid = (validation: Record<string, string[]>): HttpReply => envelope(422, MSG.invalid, validation);

interface Route {
  pattern: RegExp;
  methods: string[];
}

const ROUTES: Route[] = [
  { pattern: /^\/api\/books$/, methods: ['GET', 'HEAD', 'POST'] },
  { pattern: /^\/api\/books\/([^/]+)$/, methods: ['GET', 'HEAD', 'PUT', 'DELETE'] },
  { pattern: /^\/api\/chapters$/, methods: ['GET', 'HEAD', 'POST'] },
  { pattern: /^\/api\/chapters\/([^/]+)$/, methods: ['GET', 'HEAD', 'PUT', 'DELETE'] },
  { pattern: /^\/api\/pages$/, methods: ['GET', 'HEAD', 'POST'] },
  { pattern: /^\/api\/pages\/([^/]+)$/, methods: ['GET', 'HEAD', 'PUT', 'DELETE'] },
  { pattern: /^\/api\/pages\/([^/]+)\/export\/(html|pdf|plaintext|markdown)$/, methods: ['GET', 'HEAD'] },
  { pattern: /^\/api\/search$/, methods: ['GET', 'HEAD'] },
];

export class BookStackSim {
  readonly tokens: SimToken[];
  readonly pages = new Map<number, SimPage>();
  readonly chapters = new Map<number, SimChapter>();
  readonly books = new Map<number, SimBook>();
  readonly revisions: SimRevision[] = [];
  readonly requests: SimRequest[] = [];
  readonly faults: FaultRule[] = [];
  faultPolicy: SimOptions['faultPolicy'];
  rateLimit: number;
  windowMs: number;
  readonly basePath: string;
  maxBodyBytes: number;
  url = '';
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  private hanging = new Set<ServerResponse>();
  private buckets = new Map<string, { count: number; resetAt: number }>();
  private nextId = { page: 1000, chapter: 500, book: 100 };
  private readonly clock: () => number;
  private readonly random: () => number;

  constructor(options: SimOptions = {}) {
    this.tokens = options.tokens ?? [DEFAULT_TOKEN];
    this.rateLimit = options.rateLimit ?? 180;
    this.windowMs = options.windowMs ?? 60_000;
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
    this.clock = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.faultPolicy = options.faultPolicy;
    for (const b of options.books ?? [{ id: 79, name: 'Homelab' }]) this.addBook(b.id, b.name);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${port}${this.basePath}`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    for (const s of this.sockets) s.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  addBook(id: number, name: string): SimBook {
    const ts = this.timestamp();
    const book: SimBook = { id, name, slug: this.slugify(name) || this.randomHex(5), description: '', created_at: ts, updated_at: ts, tags: [] };
    this.books.set(id, book);
    return book;
  }

  /** Seeds a page directly (test setup), with the same rules as a create. */
  addPage(input: { bookId: number; name: string; markdown: string; chapterId?: number; tags?: SimTag[] }): SimPage {
    const ts = this.timestamp();
    const name = cut191(input.name.trim());
    const page: SimPage = {
      id: ++this.nextId.page,
      book_id: input.bookId,
      chapter_id: input.chapterId ?? 0,
      name,
      slug: this.uniqueSlug('page', name, input.bookId),
      html: '',
      raw_html: '',
      markdown: '',
      priority: this.lastPriority(input.bookId, input.chapterId ?? 0) + 1,
      draft: false,
      template: false,
      created_at: ts,
      updated_at: ts,
      revision_count: 1,
      editor: 'markdown',
      tags: input.tags ?? [],
    };
    this.setContent(page, { markdown: input.markdown.trim() }, DEFAULT_TOKEN);
    this.pages.set(page.id, page);
    this.revisions.push({ pageId: page.id, number: 1, summary: 'Initial publish', name: page.name, markdown: page.markdown });
    return page;
  }

  addChapter(bookId: number, name: string): SimChapter {
    const ts = this.timestamp();
    const chapter: SimChapter = { id: ++this.nextId.chapter, book_id: bookId, name, slug: this.uniqueSlug('chapter', name.slice(0, 191), bookId), description: '', priority: this.lastPriority(bookId, 0) + 1, created_at: ts, updated_at: ts, tags: [] };
    this.chapters.set(chapter.id, chapter);
    return chapter;
  }

  /** Inject a fault for the next `times` matching requests. */
  inject(fault: Fault, match: { times?: number; method?: string; path?: RegExp } = {}): void {
    this.faults.push({ fault, times: match.times ?? 1, ...(match.method ? { method: match.method } : {}), ...(match.path ? { path: match.path } : {}) });
  }

  resetRateLimit(): void {
    this.buckets.clear();
  }

  pagesNamed(name: string, bookId?: number): SimPage[] {
    const key = fold(name);
    return [...this.pages.values()].filter((p) => fold(p.name) === key && (bookId === undefined || p.book_id === bookId));
  }

  // ---------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const method = (req.method ?? 'GET').toUpperCase();
    const full = new URL(req.url ?? '/', 'http://sim');
    let path = full.pathname;
    const record: SimRequest = { method, path, query: full.search, status: 0, at: this.clock(), body: raw.subarray(0, 65536).toString('utf8'), cookie: req.headers.cookie !== undefined };
    this.requests.push(record);

    const fault = this.takeFault(method, path);
    if (fault && !fault.after) {
      record.fault = fault.kind;
      if (this.applyFault(fault, req, res, record)) return;
    }

    let reply: HttpReply;
    if (this.basePath && !path.startsWith(`${this.basePath}/`)) {
      reply = this.htmlNotFound();
    } else {
      path = path.slice(this.basePath.length);
      try {
        reply = this.dispatch(method, path, full.searchParams, raw, req);
      } catch (error) {
        reply = error instanceof HttpReply ? error : envelope(500, `Simulator failure ${(error as Error).message} ${DO_NOT_LEAK}`);
      }
    }
    if (fault?.after) {
      record.fault = fault.kind;
      if (this.applyFault(fault, req, res, record)) return;
    }
    record.status = reply.status;
    this.send(res, reply);
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const rule = this.faults.find((r) => r.times > 0 && (!r.method || r.method === method) && (!r.path || r.path.test(path)));
    if (rule) {
      rule.times -= 1;
      return rule.fault;
    }
    return this.faultPolicy?.({ method, path });
  }

  /** Returns true when the response was fully handled by the fault. */
  private applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, record: SimRequest): boolean {
    switch (fault.kind) {
      case 'reset':
        record.status = -1;
        req.socket.destroy();
        return true;
      case 'hang': {
        record.status = -2;
        this.hanging.add(res);
        const t = setTimeout(() => res.destroy(), fault.hangMs ?? 3_600_000);
        res.on('close', () => {
          clearTimeout(t);
          this.hanging.delete(res);
        });
        return true;
      }
      case 429:
        record.status = 429;
        this.send(res, envelopeWith(envelope(429, MSG.tooMany), { 'Retry-After': '1', 'X-RateLimit-Limit': String(this.rateLimit), 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': String(Math.ceil(this.clock() / 1000) + 1) }));
        return true;
      case 500:
        record.status = 500;
        this.send(res, envelope(500, `SQLSTATE[HY000] [2002] Connection refused (at /var/www/bookstack/vendor/laravel/framework/src/Illuminate/Database/Connection.php:822) ${DO_NOT_LEAK}`));
        return true;
      case 413:
        record.status = 413;
        this.send(res, new HttpReply(413, undefined, { 'Content-Type': 'text/html' }, `<html><head><title>413 Request Entity Too Large</title></head><body>nginx ${DO_NOT_LEAK}</body></html>`));
        return true;
      case 502:
      case 504:
        record.status = fault.kind;
        this.send(res, new HttpReply(fault.kind, undefined, { 'Content-Type': 'text/html' }, `<html><head><title>${fault.kind} Bad Gateway</title></head><body><center>nginx</center>${DO_NOT_LEAK}</body></html>`));
        return true;
      case 503:
        record.status = 503;
        this.send(res, envelope(503, `Service Unavailable ${DO_NOT_LEAK}`));
        return true;
    }
    return false;
  }

  private send(res: ServerResponse, reply: HttpReply): void {
    if (res.destroyed) return;
    const headers: Record<string, string> = { 'Cache-Control': 'no-cache, no-store, private', ...reply.headers };
    let body = '';
    if (reply.raw !== undefined) {
      body = reply.raw;
      headers['Content-Type'] ??= 'text/html; charset=UTF-8';
    } else if (reply.body !== undefined) {
      body = JSON.stringify(reply.body);
      headers['Content-Type'] ??= 'application/json';
    }
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  private htmlNotFound(): HttpReply {
    return new HttpReply(
      404,
      undefined,
      {
        'Content-Type': 'text/html; charset=UTF-8',
        'Set-Cookie': 'XSRF-TOKEN=eyJpdiI6IlNpbSJ9; path=/; samesite=lax, bookstack_session=eyJpdiI6IlNlc3Npb24ifQ; path=/; httponly; samesite=lax',
      },
      `<!DOCTYPE html><html lang="en"><head><title>Not Found | BookStack</title></head><body><h1>Page Not Found</h1><p>Sorry, The page you were looking for could not be found.</p><!-- ${DO_NOT_LEAK} --></body></html>`,
    );
  }

  private dispatch(method: string, path: string, query: URLSearchParams, raw: Buffer, req: IncomingMessage): HttpReply {
    if (raw.length > this.maxBodyBytes) return new HttpReply(413, { error: { message: MSG.tooLarge, code: 413 }, 'do-not-leak': DO_NOT_LEAK });
    const route = ROUTES.find((r) => r.pattern.test(path));
    if (!route) return this.htmlNotFound();
    if (!route.methods.includes(method)) {
      return new HttpReply(405, { error: { message: 'The ' + method + ' method is not supported for route ' + path.slice(1) + '. Supported methods: ' + route.methods.join(', ') + '.', code: 405 } }, { Allow: route.methods.join(', ') });
    }
    const rate = this.throttle(req.socket.remoteAddress ?? 'unknown');
    if (rate.limited) return envelopeWith(envelope(429, MSG.tooMany), rate.headers);
    const withRate = (r: HttpReply) => envelopeWith(r, rate.headers);

    const token = this.authenticate(req);
    if (token instanceof HttpReply) return withRate(token);
    const wantsJson = /application\/json/i.test(String(req.headers.accept ?? ''));
    const forbidden = () => envelope(403, wantsJson ? MSG.permissionJson : MSG.permissionHtml);

    const isJson = /application\/json/i.test(String(req.headers['content-type'] ?? ''));
    let body: Json = {};
    if ((method === 'POST' || method === 'PUT') && isJson && raw.length > 0) {
      try {
        const parsed: unknown = JSON.parse(raw.toString('utf8'));
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = trimStrings(parsed) as Json;
      } catch {
        return withRate(envelope(400, 'Syntax error'));
      }
    }

    const m = route.pattern.exec(path)!;
    const ctx: Ctx = { token, forbidden, query, body, method };
    const id = m[1];
    let reply: HttpReply;
    if (path === '/api/books') reply = method === 'POST' ? this.createBook(ctx) : this.list('books', ctx);
    else if (path.startsWith('/api/books/')) reply = this.readBook(id!, ctx);
    else if (path === '/api/chapters') reply = method === 'POST' ? this.createChapter(ctx) : this.list('chapters', ctx);
    else if (path.startsWith('/api/chapters/')) reply = method === 'PUT' ? this.updateChapter(id!, ctx) : this.readChapter(id!, ctx);
    else if (path === '/api/pages') reply = method === 'POST' ? this.createPage(ctx) : this.list('pages', ctx);
    else if (/\/export\//.test(path)) reply = this.exportPage(id!, m[2]!, ctx);
    else if (path.startsWith('/api/pages/')) {
      reply = method === 'PUT' ? this.updatePage(id!, ctx) : method === 'DELETE' ? this.deletePage(id!, ctx) : this.readPage(id!, ctx);
    } else reply = this.search(ctx);
    return withRate(reply);
  }

  private throttle(ip: string): { limited: boolean; headers: Record<string, string> } {
    const now = this.clock();
    let bucket = this.buckets.get(ip);
    if (!bucket || now >= bucket.resetAt) {
      bucket = { count: 0, resetAt: now + this.windowMs };
      this.buckets.set(ip, bucket);
    }
    if (bucket.count >= this.rateLimit) {
      const retry = Math.max(1, Math.ceil((bucket.resetAt - now) / 1000));
      return {
        limited: true,
        headers: {
          'X-RateLimit-Limit': String(this.rateLimit),
          'X-RateLimit-Remaining': '0',
          'Retry-After': String(retry),
          'X-RateLimit-Reset': String(Math.ceil(bucket.resetAt / 1000)),
        },
      };
    }
    bucket.count += 1;
    return { limited: false, headers: { 'X-RateLimit-Limit': String(this.rateLimit), 'X-RateLimit-Remaining': String(this.rateLimit - bucket.count) } };
  }

  private authenticate(req: IncomingMessage): SimToken | HttpReply {
    const cookie = String(req.headers.cookie ?? '');
    if (/bookstack_session=/.test(cookie)) return envelope(403, MSG.noApi);
    const header = String(req.headers.authorization ?? '').trim();
    if (!header) return envelope(401, MSG.noToken);
    if (!header.startsWith('Token ') || !header.includes(':')) return envelope(401, MSG.badFormat);
    const [id, secret] = header.slice(6).trim().split(':');
    const token = this.tokens.find((t) => t.id === id);
    if (!token) return envelope(401, MSG.unknownToken);
    if (token.secret !== secret) return envelope(401, MSG.badSecret);
    if (token.expired) return envelope(403, MSG.expired);
    if (token.noApi) return envelope(403, MSG.noApi);
    if (token.unconfirmed) return envelope(401, MSG.unconfirmed);
    return token;
  }

  // --- books --------------------------------------------------------------------------------

  private visibleBook(id: number, token: SimToken): SimBook | undefined {
    if (token.hiddenBooks?.includes(id)) return undefined;
    return this.books.get(id);
  }

  private createBook(ctx: Ctx): HttpReply {
    const name = ctx.body.name;
    if (typeof name !== 'string' || name === '') return invalid({ name: ['The name field is required.'] });
    const book = this.addBook(++this.nextId.book, name);
    return new HttpReply(200, this.bookJson(book, false));
  }

  private readBook(rawId: string, ctx: Ctx): HttpReply {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return envelope(500, `Not simulated ${DO_NOT_LEAK}`);
    const id = intval(rawId);
    const book = this.visibleBook(id, ctx.token);
    if (!book) return envelope(404, `No query results for model [BookStack\\Entities\\Models\\Book] ${id}`);
    const base = this.url;
    const contents: Json[] = [];
    const chapters = [...this.chapters.values()].filter((c) => c.book_id === id);
    const pages = [...this.pages.values()].filter((p) => p.book_id === id);
    for (const c of chapters) {
      contents.push({
        id: c.id,
        name: c.name,
        slug: c.slug,
        book_id: c.book_id,
        priority: c.priority,
        created_at: c.created_at,
        updated_at: c.updated_at,
        url: `${base}/books/${book.slug}/chapter/${c.slug}`,
        type: 'chapter',
        pages: pages
          .filter((p) => p.chapter_id === c.id)
          .sort((a, b) => a.priority - b.priority)
          .map((p) => ({ ...this.contentPage(p, book), 'do-not-leak': DO_NOT_LEAK })),
      });
    }
    for (const p of pages.filter((x) => x.chapter_id === 0)) contents.push({ ...this.contentPage(p, book), type: 'page' });
    contents.sort((a, b) => (a.priority as number) - (b.priority as number));
    return new HttpReply(200, { ...this.bookJson(book, true), contents });
  }

  private contentPage(p: SimPage, book: SimBook): Json {
    return {
      id: p.id,
      name: p.name,
      slug: p.slug,
      book_id: p.book_id,
      chapter_id: p.chapter_id,
      draft: p.draft,
      template: p.template,
      priority: p.priority,
      created_at: p.created_at,
      updated_at: p.updated_at,
      url: `${this.url}/books/${book.slug}/page/${p.slug}`,
    };
  }

  private bookJson(book: SimBook, objects: boolean): Json {
    const user = objects ? USER_OBJECT : 1;
    return {
      id: book.id,
      name: book.name,
      slug: book.slug,
      description: book.description,
      description_html: `<p>${book.description}</p>`,
      created_at: book.created_at,
      updated_at: book.updated_at,
      created_by: user,
      updated_by: user,
      owned_by: user,
      default_template_id: null,
      tags: book.tags,
      cover: null,
      'do-not-leak': DO_NOT_LEAK,
    };
  }

  // --- chapters -----------------------------------------------------------------------------

  private createChapter(ctx: Ctx): HttpReply {
    const b = ctx.body;
    const v: Record<string, string[]> = {};
    if (!present(b.book_id)) add(v, 'book_id', 'The book id field is required.');
    else if (!isInteger(b.book_id)) add(v, 'book_id', 'The book id must be an integer.');
    if (!present(b.name)) add(v, 'name', 'The name field is required.');
    else if (typeof b.name !== 'string') add(v, 'name', 'The name must be a string.');
    else if ([...b.name].length > 255) add(v, 'name', 'The name may not be greater than 255 characters.');
    if (present(b.description) && typeof b.description !== 'string') add(v, 'description', 'The description must be a string.');
    else if (typeof b.description === 'string' && [...b.description].length > 1900) add(v, 'description', 'The description may not be greater than 1900 characters.');
    if (present(b.tags) && !Array.isArray(b.tags)) add(v, 'tags', 'The tags must be an array.');
    if (present(b.priority) && !isInteger(b.priority)) add(v, 'priority', 'The priority must be an integer.');
    if (Object.keys(v).length) return invalid(v);
    const bookId = intval(b.book_id);
    const book = this.visibleBook(bookId, ctx.token);
    if (!book) return envelope(404, `No query results for model [BookStack\\Entities\\Models\\Book] ${bookId}`);
    if (ctx.token.chapterCreate === false) return ctx.forbidden();
    const ts = this.timestamp();
    const name = b.name as string;
    const chapter: SimChapter = {
      id: ++this.nextId.chapter,
      book_id: bookId,
      name,
      slug: this.uniqueSlug('chapter', name.slice(0, 191), bookId),
      description: typeof b.description === 'string' ? b.description : '',
      priority: present(b.priority) ? intval(b.priority) : this.lastPriority(bookId, 0) + 1,
      created_at: ts,
      updated_at: ts,
      tags: [],
    };
    const tagResult = this.applyTags(b.tags);
    this.chapters.set(chapter.id, chapter);
    if (tagResult instanceof HttpReply) return tagResult;
    if (tagResult) chapter.tags = tagResult;
    return new HttpReply(200, this.chapterJson(chapter, false));
  }

  private updateChapter(rawId: string, ctx: Ctx): HttpReply {
    const chapter = this.chapters.get(intval(rawId));
    if (!chapter || !this.visibleBook(chapter.book_id, ctx.token)) return envelope(404, `No query results for model [BookStack\\Entities\\Models\\Chapter] ${intval(rawId)}`);
    const b = ctx.body;
    if (typeof b.name === 'string' && b.name !== chapter.name) {
      chapter.name = b.name;
      chapter.slug = this.uniqueSlug('chapter', b.name.slice(0, 191), chapter.book_id, chapter.id);
    }
    if (typeof b.description === 'string') chapter.description = b.description;
    const tags = this.applyTags(b.tags);
    if (tags instanceof HttpReply) return tags;
    if (tags) chapter.tags = tags;
    chapter.updated_at = this.timestamp();
    return new HttpReply(200, this.chapterJson(chapter, false));
  }

  private readChapter(rawId: string, ctx: Ctx): HttpReply {
    const id = intval(rawId);
    const chapter = this.chapters.get(id);
    if (!chapter || !this.visibleBook(chapter.book_id, ctx.token)) return envelope(404, `No query results for model [BookStack\\Entities\\Models\\Chapter] ${id}`);
    const book = this.books.get(chapter.book_id)!;
    const pages = [...this.pages.values()]
      .filter((p) => p.chapter_id === id)
      .sort((a, b) => Number(b.draft) - Number(a.draft) || a.priority - b.priority)
      .map((p) => ({ ...this.contentPage(p, book), revision_count: p.revision_count, editor: p.editor }));
    return new HttpReply(200, { ...this.chapterJson(chapter, true), pages });
  }

  private chapterJson(c: SimChapter, objects: boolean): Json {
    const user = objects ? USER_OBJECT : 1;
    return {
      id: c.id,
      book_id: c.book_id,
      slug: c.slug,
      name: c.name,
      description: c.description,
      priority: c.priority,
      created_at: c.created_at,
      updated_at: c.updated_at,
      created_by: user,
      updated_by: user,
      owned_by: user,
      description_html: `<p>${c.description}</p>`,
      default_template_id: null,
      book_slug: this.books.get(c.book_id)?.slug ?? '',
      tags: c.tags,
      'do-not-leak': DO_NOT_LEAK,
    };
  }

  // --- pages --------------------------------------------------------------------------------

  private createPage(ctx: Ctx): HttpReply {
    const b = ctx.body;
    const v: Record<string, string[]> = {};
    const hasBook = present(b.book_id);
    const hasChapter = present(b.chapter_id);
    if (!hasBook && !hasChapter && !('chapter_id' in b && b.chapter_id === '')) {
      add(v, 'book_id', 'The book id field is required when chapter id is not present.');
      add(v, 'chapter_id', 'The chapter id field is required when book id is not present.');
    }
    if (hasBook && !isInteger(b.book_id)) add(v, 'book_id', 'The book id must be an integer.');
    if (b.chapter_id === null || (hasChapter && !isInteger(b.chapter_id))) add(v, 'chapter_id', 'The chapter id must be an integer.');
    if (!present(b.name)) add(v, 'name', 'The name field is required.');
    else if (typeof b.name !== 'string') add(v, 'name', 'The name must be a string.');
    else if ([...b.name].length > 255) add(v, 'name', 'The name may not be greater than 255 characters.');
    const hasHtml = present(b.html);
    const hasMd = present(b.markdown);
    if (!hasHtml && !hasMd) {
      add(v, 'html', 'The html field is required when markdown is not present.');
      add(v, 'markdown', 'The markdown field is required when html is not present.');
    }
    if (hasHtml && typeof b.html !== 'string') add(v, 'html', 'The html must be a string.');
    if (hasMd && typeof b.markdown !== 'string') add(v, 'markdown', 'The markdown must be a string.');
    if (present(b.tags) && !Array.isArray(b.tags)) add(v, 'tags', 'The tags must be an array.');
    if (present(b.priority) && !isInteger(b.priority)) add(v, 'priority', 'The priority must be an integer.');
    if (Object.keys(v).length) return invalid(v);

    let bookId: number;
    let chapterId = 0;
    if ('chapter_id' in b) {
      chapterId = intval(b.chapter_id);
      const chapter = this.chapters.get(chapterId);
      if (!chapter || !this.visibleBook(chapter.book_id, ctx.token)) return envelope(404, `No query results for model [BookStack\\Entities\\Models\\Chapter] ${chapterId}`);
      bookId = chapter.book_id;
    } else {
      bookId = intval(b.book_id);
      if (!this.visibleBook(bookId, ctx.token)) return envelope(404, `No query results for model [BookStack\\Entities\\Models\\Book] ${bookId}`);
    }
    if (ctx.token.pageCreate === false) return ctx.forbidden();

    const ts = this.timestamp();
    const name = cut191(b.name as string);
    const page: SimPage = {
      id: ++this.nextId.page,
      book_id: bookId,
      chapter_id: chapterId,
      name,
      slug: this.uniqueSlug('page', name, bookId),
      html: '',
      raw_html: '',
      markdown: '',
      priority: present(b.priority) ? intval(b.priority) : this.lastPriority(bookId, chapterId) + 1,
      draft: false,
      template: false,
      created_at: ts,
      updated_at: ts,
      revision_count: 1,
      editor: 'wysiwyg',
      tags: [],
    };
    this.setContent(page, b, ctx.token);
    this.pages.set(page.id, page);
    this.revisions.push({ pageId: page.id, number: 1, summary: 'Initial publish', name: page.name, markdown: page.markdown });
    const tags = this.applyTags(b.tags);
    if (tags instanceof HttpReply) return tags;
    if (tags) page.tags = tags;
    return new HttpReply(200, this.pageJson(page));
  }

  private updatePage(rawId: string, ctx: Ctx): HttpReply {
    const b = ctx.body;
    const v: Record<string, string[]> = {};
    if (present(b.book_id) && !isInteger(b.book_id)) add(v, 'book_id', 'The book id must be an integer.');
    if (present(b.chapter_id) && !isInteger(b.chapter_id)) add(v, 'chapter_id', 'The chapter id must be an integer.');
    if (present(b.name) && typeof b.name !== 'string') add(v, 'name', 'The name must be a string.');
    else if (typeof b.name === 'string' && [...b.name].length > 255) add(v, 'name', 'The name may not be greater than 255 characters.');
    if (present(b.html) && typeof b.html !== 'string') add(v, 'html', 'The html must be a string.');
    if (present(b.markdown) && typeof b.markdown !== 'string') add(v, 'markdown', 'The markdown must be a string.');
    if (present(b.tags) && !Array.isArray(b.tags)) add(v, 'tags', 'The tags must be an array.');
    if (present(b.priority) && !isInteger(b.priority)) add(v, 'priority', 'The priority must be an integer.');
    if (Object.keys(v).length) return invalid(v);
    const page = this.pages.get(intval(rawId));
    if (!page || !this.visibleBook(page.book_id, ctx.token)) return envelope(404, 'Page not found');
    if (ctx.token.pageUpdate === false) return ctx.forbidden();

    if (present(b.chapter_id) || present(b.book_id)) {
      const move = this.movePage(page, b, ctx);
      if (move) return move;
    }
    const before = { html: page.raw_html, markdown: page.markdown, name: page.name };
    if ('html' in b || 'markdown' in b) this.setContent(page, b, ctx.token);
    if ('name' in b && typeof b.name === 'string') {
      const name = cut191(b.name);
      if (name !== page.name) {
        page.name = name;
        page.slug = this.uniqueSlug('page', name, page.book_id, page.id);
      }
    }
    if (present(b.priority)) page.priority = intval(b.priority);
    page.revision_count += 1;
    page.updated_at = this.timestamp();
    if (before.html !== page.raw_html || before.markdown !== page.markdown || before.name !== page.name) {
      this.revisions.push({ pageId: page.id, number: page.revision_count, summary: '', name: page.name, markdown: page.markdown });
    }
    const tags = this.applyTags(b.tags);
    if (tags instanceof HttpReply) return tags;
    if (tags) page.tags = tags;
    return new HttpReply(200, this.pageJson(page));
  }

  private movePage(page: SimPage, b: Json, ctx: Ctx): HttpReply | undefined {
    let bookId = page.book_id;
    let chapterId = page.chapter_id;
    if (present(b.chapter_id)) {
      const chapter = this.chapters.get(intval(b.chapter_id));
      if (!chapter) return new HttpReply(500, { message: 'The selected Book or Chapter was not found', status: 'error' });
      chapterId = chapter.id;
      bookId = chapter.book_id;
    } else if (present(b.book_id)) {
      bookId = intval(b.book_id);
      if (!this.books.has(bookId)) return new HttpReply(500, { message: 'The selected Book or Chapter was not found', status: 'error' });
      chapterId = bookId === page.book_id ? page.chapter_id : 0;
    }
    if (bookId === page.book_id && chapterId === page.chapter_id) return undefined;
    if (ctx.token.pageDelete === false || ctx.token.pageCreate === false) return ctx.forbidden();
    page.book_id = bookId;
    page.chapter_id = chapterId;
    return undefined;
  }

  private setContent(page: SimPage, b: Json, token: SimToken): void {
    const markdown = typeof b.markdown === 'string' ? b.markdown : '';
    const html = typeof b.html === 'string' ? b.html : '';
    if (markdown !== '') {
      page.markdown = markdown;
      page.raw_html = renderMarkdown(markdown);
      if (token.editorChange !== false) page.editor = 'markdown';
    } else if (html !== '') {
      page.markdown = '';
      page.raw_html = addIds(html);
    } else {
      page.markdown = '';
      page.raw_html = '';
    }
    page.html = this.expandIncludes(page.raw_html.replace(/<script\b[\s\S]*?<\/script>/gi, ''), 0);
  }

  private expandIncludes(html: string, depth: number): string {
    if (depth >= 3) return html;
    return html.replace(/\{\{@\s?(\d+)(?:#([^}]*))?\}\}/g, (_m, id: string) => {
      const target = this.pages.get(Number(id));
      return target ? this.expandIncludes(target.raw_html.replace(/^<p[^>]*>|<\/p>$/g, ''), depth + 1) : '';
    });
  }

  private readPage(rawId: string, ctx: Ctx): HttpReply {
    if (!/^\d+$/.test(rawId)) {
      return envelope(500, `BookStack\\Http\\Controllers\\Api\\PageApiController::read(): Argument #1 ($id) must be of type int, string given, called in /var/www/bookstack/vendor/laravel/framework/src/Illuminate/Routing/Controller.php on line 54 ${DO_NOT_LEAK}`);
    }
    const page = this.pages.get(Number(rawId));
    if (!page || !this.visibleBook(page.book_id, ctx.token)) return envelope(404, 'Page not found');
    return new HttpReply(200, this.pageJson(page, true));
  }

  private deletePage(rawId: string, ctx: Ctx): HttpReply {
    const page = this.pages.get(intval(rawId));
    if (!page || !this.visibleBook(page.book_id, ctx.token)) return envelope(404, 'Page not found');
    if (ctx.token.pageDelete === false) return ctx.forbidden();
    this.pages.delete(page.id);
    return new HttpReply(204, undefined);
  }

  private exportPage(rawId: string, format: string, ctx: Ctx): HttpReply {
    const page = this.pages.get(intval(rawId));
    if (!page || !this.visibleBook(page.book_id, ctx.token)) return envelope(404, 'Page not found');
    const ext = format === 'markdown' ? 'md' : format === 'plaintext' ? 'txt' : format;
    const text = format === 'markdown' ? `# ${page.name}\n\n${page.markdown}` : format === 'plaintext' ? page.html.replace(/<[^>]+>/g, '') : page.html;
    return new HttpReply(200, undefined, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename="${page.slug}.${ext}"` }, text);
  }

  private pageJson(p: SimPage, objects = true): Json {
    const user = objects ? USER_OBJECT : 1;
    return {
      id: p.id,
      book_id: p.book_id,
      chapter_id: p.chapter_id,
      name: p.name,
      slug: p.slug,
      html: p.html,
      raw_html: p.raw_html,
      priority: p.priority,
      created_at: p.created_at,
      updated_at: p.updated_at,
      created_by: user,
      updated_by: user,
      owned_by: user,
      draft: p.draft,
      markdown: p.markdown,
      revision_count: p.revision_count,
      template: p.template,
      editor: p.editor,
      tags: p.tags.map((t) => ({ ...t })),
      'do-not-leak': DO_NOT_LEAK,
    };
  }

  /** undefined = keep the tags; HttpReply = the 500 after the write; else the new set. */
  private applyTags(tags: unknown): SimTag[] | HttpReply | undefined {
    if (!Array.isArray(tags)) return undefined;
    const out: SimTag[] = [];
    for (const t of tags) {
      if (!t || typeof t !== 'object' || !('name' in t)) return envelope(500, `Undefined array key "name" ${DO_NOT_LEAK}`);
      const rec = t as { name: unknown; value?: unknown };
      const name = cut191(String(rec.name ?? '').trim());
      if (!name) continue;
      out.push({ name, value: cut191(String(rec.value ?? '').trim()), order: 0 });
    }
    return out;
  }

  // --- listings -----------------------------------------------------------------------------

  private list(kind: 'books' | 'chapters' | 'pages', ctx: Ctx): HttpReply {
    const q = ctx.query;
    const fields = LIST_FIELDS[kind];
    let items: Json[];
    if (kind === 'books') items = [...this.books.values()].filter((b) => this.visibleBook(b.id, ctx.token)).map((b) => this.listBook(b));
    else if (kind === 'chapters') items = [...this.chapters.values()].filter((c) => this.visibleBook(c.book_id, ctx.token)).map((c) => this.listChapter(c));
    else items = [...this.pages.values()].filter((p) => this.visibleBook(p.book_id, ctx.token)).map((p) => this.listPage(p));

    for (const [key, value] of q.entries()) {
      const fm = /^filter\[([a-z_]+)(?::([a-z]+))?\](\[\])?$/.exec(key);
      if (!fm) continue;
      const [, field, opRaw, arrayForm] = fm;
      if (!fields.includes(field!)) continue;
      if (arrayForm) {
        items = [];
        continue;
      }
      const op = ['eq', 'ne', 'gt', 'lt', 'gte', 'lte', 'like'].includes(opRaw ?? 'eq') ? (opRaw ?? 'eq') : 'eq';
      items = items.filter((item) => compare(item[field!], value.trim(), op));
    }
    const total = items.length;

    const sortRaw = (q.get('sort') ?? '').trim();
    let dir = 1;
    let sortField = sortRaw;
    if (sortRaw.startsWith('-')) {
      dir = -1;
      sortField = sortRaw.slice(1);
    } else if (sortRaw.startsWith('+')) sortField = sortRaw.slice(1);
    if (!fields.includes(sortField)) sortField = 'id';
    items.sort((a, b) => dir * cmp(a[sortField], b[sortField]));

    const countRaw = q.get('count');
    let count = countRaw === null || countRaw.trim() === '' ? 100 : Math.trunc(Number(countRaw)) || 0;
    count = Math.min(500, Math.max(1, count));
    const offset = Math.max(0, Math.trunc(Number(q.get('offset') ?? 0)) || 0);
    return new HttpReply(200, { data: items.slice(offset, offset + count), total });
  }

  private listBook(b: SimBook): Json {
    return { id: b.id, name: b.name, slug: b.slug, description: b.description, created_at: b.created_at, updated_at: b.updated_at, created_by: 1, updated_by: 1, owned_by: 1, 'do-not-leak': DO_NOT_LEAK };
  }

  private listChapter(c: SimChapter): Json {
    return {
      id: c.id,
      book_id: c.book_id,
      name: c.name,
      slug: c.slug,
      description: c.description,
      priority: c.priority,
      created_at: c.created_at,
      updated_at: c.updated_at,
      created_by: 1,
      updated_by: 1,
      owned_by: 1,
      book_slug: this.books.get(c.book_id)?.slug ?? '',
      'do-not-leak': DO_NOT_LEAK,
    };
  }

  private listPage(p: SimPage): Json {
    return {
      id: p.id,
      book_id: p.book_id,
      chapter_id: p.chapter_id,
      name: p.name,
      slug: p.slug,
      priority: p.priority,
      draft: p.draft,
      revision_count: p.revision_count,
      template: p.template,
      created_at: p.created_at,
      updated_at: p.updated_at,
      created_by: 1,
      updated_by: 1,
      owned_by: 1,
      editor: p.editor,
      book_slug: this.books.get(p.book_id)?.slug ?? '',
      'do-not-leak': DO_NOT_LEAK,
    };
  }

  // --- search -------------------------------------------------------------------------------

  private search(ctx: Ctx): HttpReply {
    const q = ctx.query;
    const v: Record<string, string[]> = {};
    const query = (q.get('query') ?? '').trim();
    if (!query) add(v, 'query', 'The query field is required.');
    const pageRaw = q.get('page');
    const countRaw = q.get('count');
    if (pageRaw !== null && !/^-?\d+$/.test(pageRaw.trim())) add(v, 'page', 'The page must be an integer.');
    else if (pageRaw !== null && Number(pageRaw) < 1) add(v, 'page', 'The page must be at least 1.');
    if (countRaw !== null && !/^-?\d+$/.test(countRaw.trim())) add(v, 'count', 'The count must be an integer.');
    else if (countRaw !== null && Number(countRaw) < 1) add(v, 'count', 'The count must be at least 1.');
    else if (countRaw !== null && Number(countRaw) > 100) add(v, 'count', 'The count may not be greater than 100.');
    if (Object.keys(v).length) return invalid(v);
    const page = pageRaw === null ? 1 : Number(pageRaw);
    const count = countRaw === null ? 20 : Number(countRaw);

    let types = ['bookshelf', 'book', 'chapter', 'page'];
    const terms: string[] = [];
    const exacts: string[] = [];
    const inName: string[] = [];
    const tagFilters: Array<{ name: string; value?: string }> = [];
    let rest = query;
    rest = rest.replace(/\{([a-z_]+)(?::([^}]*))?\}/gi, (_m, key: string, value?: string) => {
      if (key === 'type' && value) types = value.split('|').map((t) => t.trim());
      if (key === 'in_name' && value) inName.push(fold(value));
      return ' ';
    });
    rest = rest.replace(/\[([^\]=]+)(?:=([^\]]*))?\]/g, (_m, name: string, value?: string) => {
      tagFilters.push({ name: fold(name.trim()), ...(value !== undefined ? { value: fold(value.trim()) } : {}) });
      return ' ';
    });
    rest = rest.replace(/"([^"]*)"/g, (_m, exact: string) => {
      if (exact.trim()) exacts.push(fold(exact));
      return ' ';
    });
    for (const t of rest.split(/\s+/)) if (t) terms.push(fold(t));

    const matches = (name: string, body: string, tags: SimTag[]) => {
      const n = fold(name);
      const all = `${n} ${fold(body)}`;
      return (
        terms.every((t) => all.includes(t)) &&
        exacts.every((t) => all.includes(t)) &&
        inName.every((t) => n.includes(t)) &&
        tagFilters.every((f) => tags.some((tag) => fold(tag.name) === f.name && (f.value === undefined || fold(tag.value) === f.value)))
      );
    };
    const data: Json[] = [];
    let total = 0;
    const pick = (list: Json[]) => {
      total += list.length;
      data.push(...list.slice((page - 1) * count, page * count));
    };
    if (types.includes('book')) {
      pick([...this.books.values()].filter((b) => this.visibleBook(b.id, ctx.token) && matches(b.name, b.description, b.tags)).map((b) => ({
        id: b.id, name: b.name, slug: b.slug, created_at: b.created_at, updated_at: b.updated_at, type: 'book', url: `${this.url}/books/${b.slug}`,
        preview_html: { name: b.name, content: b.description }, tags: b.tags,
      })));
    }
    if (types.includes('chapter')) {
      pick([...this.chapters.values()].filter((c) => this.visibleBook(c.book_id, ctx.token) && matches(c.name, c.description, c.tags)).map((c) => ({
        id: c.id, book_id: c.book_id, slug: c.slug, name: c.name, created_at: c.created_at, updated_at: c.updated_at, type: 'chapter',
        url: `${this.url}/books/${this.books.get(c.book_id)?.slug}/chapter/${c.slug}`, preview_html: { name: c.name, content: c.description }, tags: c.tags,
      })));
    }
    if (types.includes('page')) {
      pick([...this.pages.values()].filter((p) => this.visibleBook(p.book_id, ctx.token) && matches(p.name, p.markdown || p.html, p.tags)).map((p) => ({
        id: p.id, name: p.name, slug: p.slug, book_id: p.book_id, chapter_id: p.chapter_id, draft: p.draft, template: p.template,
        created_at: p.created_at, updated_at: p.updated_at, type: 'page', url: `${this.url}/books/${this.books.get(p.book_id)?.slug}/page/${p.slug}`,
        preview_html: { name: p.name, content: p.markdown.slice(0, 200) }, tags: p.tags, 'do-not-leak': DO_NOT_LEAK,
      })));
    }
    return new HttpReply(200, { data, total });
  }

  // --- helpers ------------------------------------------------------------------------------

  private lastPriority(bookId: number, chapterId: number): number {
    let max = 0;
    if (chapterId === 0) {
      for (const c of this.chapters.values()) if (c.book_id === bookId) max = Math.max(max, c.priority);
      for (const p of this.pages.values()) if (p.book_id === bookId && p.chapter_id === 0) max = Math.max(max, p.priority);
      // Observed: the first page in an empty book gets priority 2.
      return max === 0 ? 1 : max;
    }
    for (const p of this.pages.values()) if (p.chapter_id === chapterId) max = Math.max(max, p.priority);
    return max;
  }

  private slugify(name: string): string {
    return laravelSlug(name).slice(0, 191);
  }

  private uniqueSlug(kind: 'page' | 'chapter', name: string, bookId: number, selfId?: number): string {
    let slug = this.slugify(name) || this.randomHex(5);
    const taken = (s: string) =>
      kind === 'page'
        ? [...this.pages.values()].some((p) => p.book_id === bookId && p.slug === s && p.id !== selfId)
        : [...this.chapters.values()].some((c) => c.book_id === bookId && c.slug === s && c.id !== selfId);
    while (taken(slug)) slug = `${this.slugify(name) || this.randomHex(5)}-${this.randomAlnum(3)}`;
    return slug;
  }

  private randomHex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(this.random() * 16).toString(16);
    return s;
  }

  private randomAlnum(n: number): string {
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += chars[Math.floor(this.random() * chars.length)];
    return s;
  }

  private timestamp(): string {
    return new Date(this.clock()).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  }
}

interface Ctx {
  token: SimToken;
  forbidden: () => HttpReply;
  query: URLSearchParams;
  body: Json;
  method: string;
}

const LIST_FIELDS: Record<'books' | 'chapters' | 'pages', string[]> = {
  books: ['id', 'name', 'slug', 'description', 'created_at', 'updated_at', 'created_by', 'updated_by', 'owned_by'],
  chapters: ['id', 'book_id', 'name', 'slug', 'description', 'priority', 'created_at', 'updated_at', 'created_by', 'updated_by', 'owned_by'],
  pages: ['id', 'book_id', 'chapter_id', 'name', 'slug', 'priority', 'draft', 'template', 'created_at', 'updated_at', 'created_by', 'updated_by', 'owned_by'],
};

function envelopeWith(reply: HttpReply, headers: Record<string, string>): HttpReply {
  return new HttpReply(reply.status, reply.body, { ...headers, ...reply.headers }, reply.raw);
}

function add(v: Record<string, string[]>, field: string, message: string): void {
  (v[field] ??= []).push(message);
}

/** Laravel "required"/presence: null, "" and [] count as absent. */
function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function isInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  if (typeof value === 'string') return /^[+-]?\d+$/.test(value.trim());
  return false;
}

function intval(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  const m = /^\s*([+-]?\d+)/.exec(String(value ?? ''));
  return m ? Number(m[1]) : 0;
}

function trimStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimStrings);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) out[k] = trimStrings(v);
    return out;
  }
  return value;
}

function cut191(text: string): string {
  return [...text].slice(0, 191).join('');
}

/** utf8mb4_unicode_ci stand-in: case- and accent-insensitive. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

function compare(actual: unknown, expected: string, op: string): boolean {
  if (typeof actual === 'boolean') {
    // MySQL casts 'true' to 0, so only 1/0 work (design/bookstack.md §5).
    const want = /^\d+$/.test(expected) ? Number(expected) !== 0 : false;
    const is = actual;
    return op === 'ne' ? is !== want : is === want;
  }
  if (op === 'like') {
    const pattern = fold(expected)
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      .replace(/%/g, '.*')
      .replace(/_/g, '.');
    return new RegExp(`^${pattern}$`, 's').test(fold(String(actual ?? '')));
  }
  const c = cmp(typeof actual === 'number' && /^-?\d+(\.\d+)?$/.test(expected) ? actual : fold(String(actual ?? '')), typeof actual === 'number' && /^-?\d+(\.\d+)?$/.test(expected) ? Number(expected) : fold(expected));
  switch (op) {
    case 'ne':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'lt':
      return c < 0;
    case 'gte':
      return c >= 0;
    case 'lte':
      return c <= 0;
    default:
      return c === 0;
  }
}

function cmp(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = fold(String(a ?? ''));
  const y = fold(String(b ?? ''));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Laravel Str::slug('…') with ASCII transliteration. */
export function laravelSlug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x00-\x7f]/g, '')
    .replace(/_/g, '-')
    .replace(/@/g, '-at-')
    .toLowerCase()
    .replace(/[^-a-z0-9\s]+/g, '')
    .replace(/[-\s]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function bkmrkId(text: string, used: Map<string, number>): string {
  const base = `bkmrk-${text.replace(/<[^>]+>/g, '').trim().slice(0, 20).toLowerCase().replace(/\s+/g, '-')}`;
  const n = used.get(base) ?? 0;
  used.set(base, n + 1);
  return n === 0 ? base : `${base}-${n}`;
}

/** A small CommonMark-ish renderer: enough for ids, headings, paragraphs and raw HTML pass-through. */
function renderMarkdown(markdown: string): string {
  const used = new Map<string, number>();
  return markdown
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const h = /^(#{1,6})\s+(.*)$/.exec(block);
      if (h) return `<h${h[1]!.length} id="${bkmrkId(h[2]!, used)}">${h[2]}</h${h[1]!.length}>`;
      if (/^<[a-z]/i.test(block)) return block;
      return `<p id="${bkmrkId(block, used)}">${block.replace(/\n/g, '<br>')}</p>`;
    })
    .join('\n');
}

function addIds(html: string): string {
  const used = new Map<string, number>();
  return html.replace(/<(p|h[1-6])>([\s\S]*?)<\/\1>/g, (_m, tag: string, inner: string) => `<${tag} id="${bkmrkId(inner, used)}">${inner}</${tag}>`);
}

export async function startBookStackSim(options: SimOptions = {}): Promise<BookStackSim> {
  return new BookStackSim(options).start();
}
