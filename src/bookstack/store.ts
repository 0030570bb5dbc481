/**
 * Local store and outbox under POSTMORTEM_STORE_DIR. Files are Markdown with YAML front matter
 * (gray-matter). Every write is temp file + fsync + rename, so a crash leaves the old file or the
 * new one, never half of either. The outbox is shared safely by several replicas: an entry is
 * claimed by renaming it into `outbox/claimed/<owner>/`, which only one process can win.
 */
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import type { BookStackTag } from './client.js';

export interface StoredMeta {
  title: string;
  date: string;
  severity?: string;
  status?: string;
  pageName: string;
  bookId?: number;
  chapter?: string;
  tags?: BookStackTag[];
  pageId?: number;
  url?: string;
  /** ISO time of the save that wrote this file; later entries for the same page supersede earlier ones. */
  savedAt: string;
  publishedAt?: string;
  /** The lint gate was bypassed with force when it was saved. */
  forced?: boolean;
}

export interface StoredDocument {
  meta: StoredMeta;
  markdown: string;
}

export interface OutboxEntry extends StoredDocument {
  /** Where the entry currently is (outbox file or claimed file). */
  file: string;
  key: string;
}

export interface Store {
  readonly dir: string;
  readonly outboxDir: string;
  /** Writes (or replaces) the local copy of a postmortem; returns its path. */
  saveLocal(doc: StoredDocument): Promise<string>;
  readLocal(file: string): Promise<StoredDocument>;
  localPath(meta: Pick<StoredMeta, 'date' | 'title' | 'pageName' | 'bookId'>): string;
  /** Queues a document for `postmortem-mcp sync`; a newer save of the same page replaces the queued one. */
  writeOutbox(doc: StoredDocument): Promise<string>;
  /** Entry files waiting in the outbox (not claimed). */
  listOutbox(): Promise<string[]>;
  /** Entries claimed by other owners that look alive. */
  listClaimedByOthers(): Promise<string[]>;
  /** Atomically takes an entry; undefined when another process got it first. */
  claim(file: string): Promise<OutboxEntry | undefined>;
  /** Puts a claimed entry back, unless a newer save of the same page is already queued. */
  release(entry: OutboxEntry): Promise<void>;
  /** Removes a claimed entry after it was published. */
  complete(entry: OutboxEntry): Promise<void>;
  /** Is there a queued or claimed entry for the same page saved after this one? */
  hasNewer(entry: OutboxEntry): Promise<boolean>;
  /** Drops a queued (unclaimed) entry for the same page saved no later than `savedAt`: a direct publish superseded it. */
  discardOutboxed(meta: StoredMeta): Promise<boolean>;
  /** Moves entries of dead or stale owners back into the outbox. */
  recoverStale(): Promise<number>;
  readonly owner: string;
}

export interface StoreOptions {
  owner?: string;
  /** A claim older than this is considered abandoned (ms). */
  staleClaimMs?: number;
  now?: () => number;
  /** Is the process with that pid on this host alive? */
  isAlive?: (pid: number) => boolean;
}

export function pageKey(bookId: number | undefined, pageName: string): string {
  const folded = pageName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  return createHash('sha256').update(`${bookId ?? ''}\u0000${folded}`).digest('hex').slice(0, 12);
}

export function fileSlug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'postmortem'
  );
}

export function serialize(doc: StoredDocument): string {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc.meta)) if (v !== undefined) data[k] = v;
  return matter.stringify(`${doc.markdown.trim()}\n`, data);
}

export function deserialize(text: string): StoredDocument {
  // A fresh options object defeats gray-matter's content cache, which would return stale objects.
  const parsed = matter(text, {});
  const d = parsed.data as Record<string, unknown>;
  const asText = (v: unknown): string | undefined =>
    v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
  const meta: StoredMeta = {
    title: asText(d.title) ?? '',
    date: asText(d.date) ?? '',
    pageName: asText(d.pageName) ?? '',
    savedAt: d.savedAt instanceof Date ? d.savedAt.toISOString() : (asText(d.savedAt) ?? ''),
  };
  if (asText(d.severity)) meta.severity = asText(d.severity)!;
  if (asText(d.status)) meta.status = asText(d.status)!;
  if (typeof d.bookId === 'number') meta.bookId = d.bookId;
  if (asText(d.chapter)) meta.chapter = asText(d.chapter)!;
  if (Array.isArray(d.tags)) {
    meta.tags = d.tags
      .filter((t): t is Record<string, unknown> => !!t && typeof t === 'object')
      .map((t) => ({ name: asText(t.name) ?? '', value: asText(t.value) ?? '' }))
      .filter((t) => t.name);
  }
  if (typeof d.pageId === 'number') meta.pageId = d.pageId;
  if (asText(d.url)) meta.url = asText(d.url)!;
  if (d.publishedAt !== undefined) meta.publishedAt = d.publishedAt instanceof Date ? d.publishedAt.toISOString() : (asText(d.publishedAt) ?? '');
  if (d.forced === true) meta.forced = true;
  return { meta, markdown: parsed.content.replace(/^\n+/, '').trim() };
}

/** Temp file in the same directory + fsync + rename: readers see the old or the new file, never a part. */
export async function writeFileAtomic(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  try {
    const h = await fs.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  }
}

function defaultIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createStore(dir: string, options: StoreOptions = {}): Store {
  const root = path.resolve(dir);
  const outboxDir = path.join(root, 'outbox');
  const claimedRoot = path.join(outboxDir, 'claimed');
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '_');
  const owner = options.owner ?? `${host}-${process.pid}`;
  const ownDir = path.join(claimedRoot, owner);
  const staleMs = options.staleClaimMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const isAlive = options.isAlive ?? defaultIsAlive;

  const entryName = (meta: StoredMeta) => `${meta.date || 'undated'}-${fileSlug(meta.title || meta.pageName)}-${pageKey(meta.bookId, meta.pageName)}.md`;
  const keyOf = (file: string) => /-([0-9a-f]{12})\.md$/.exec(path.basename(file))?.[1] ?? path.basename(file);

  async function listMd(d: string): Promise<string[]> {
    try {
      const names = await fs.readdir(d);
      return names.filter((n) => n.endsWith('.md') && !n.startsWith('.')).sort().map((n) => path.join(d, n));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async function owners(): Promise<string[]> {
    try {
      return (await fs.readdir(claimedRoot, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return [];
    }
  }

  async function ownerIsStale(name: string): Promise<boolean> {
    if (name === owner) return false;
    const m = /^(.*)-(\d+)$/.exec(name);
    if (m && m[1] === host && !isAlive(Number(m[2]))) return true;
    try {
      const st = await fs.stat(path.join(claimedRoot, name));
      return now() - st.mtimeMs > staleMs;
    } catch {
      return false;
    }
  }

  async function readEntry(file: string): Promise<OutboxEntry> {
    const doc = deserialize(await fs.readFile(file, 'utf8'));
    return { ...doc, file, key: keyOf(file) };
  }

  const store: Store = {
    dir: root,
    outboxDir,
    owner,

    localPath(meta) {
      return path.join(root, `${meta.date || 'undated'}-${fileSlug(meta.title || meta.pageName)}-${pageKey(meta.bookId, meta.pageName).slice(0, 6)}.md`);
    },

    async saveLocal(doc) {
      const file = store.localPath(doc.meta);
      await writeFileAtomic(file, serialize(doc));
      return file;
    },

    async readLocal(file) {
      return deserialize(await fs.readFile(file, 'utf8'));
    },

    async writeOutbox(doc) {
      const file = path.join(outboxDir, entryName(doc.meta));
      await writeFileAtomic(file, serialize(doc));
      return file;
    },

    listOutbox: () => listMd(outboxDir),

    async listClaimedByOthers() {
      const out: string[] = [];
      for (const name of await owners()) if (name !== owner) out.push(...(await listMd(path.join(claimedRoot, name))));
      return out;
    },

    async claim(file) {
      await fs.mkdir(ownDir, { recursive: true });
      const target = path.join(ownDir, path.basename(file));
      try {
        // rename is atomic: of two replicas renaming the same file, exactly one succeeds.
        await fs.rename(file, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const touched = new Date(now());
      await fs.utimes(ownDir, touched, touched).catch(() => {});
      return readEntry(target);
    },

    async release(entry) {
      const back = path.join(outboxDir, path.basename(entry.file));
      try {
        await fs.link(entry.file, back);
        await fs.rm(entry.file, { force: true });
      } catch (error) {
        // EEXIST: a newer save is already queued under the same name; it supersedes this one.
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') await fs.rm(entry.file, { force: true });
        else if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        else {
          await fs.rename(entry.file, back);
        }
      }
      await syncDir(outboxDir);
    },

    async complete(entry) {
      await fs.rm(entry.file, { force: true });
    },

    async hasNewer(entry) {
      const candidates = [...(await listMd(outboxDir)), ...(await store.listClaimedByOthers())].filter((f) => f !== entry.file && keyOf(f) === entry.key);
      for (const f of candidates) {
        try {
          const other = deserialize(await fs.readFile(f, 'utf8'));
          if (other.meta.savedAt > entry.meta.savedAt) return true;
        } catch {
          // Moved away while we looked: another replica claimed or finished it.
        }
      }
      return false;
    },

    async discardOutboxed(meta) {
      const file = path.join(outboxDir, entryName(meta));
      try {
        const queued = deserialize(await fs.readFile(file, 'utf8'));
        if (queued.meta.savedAt > meta.savedAt) return false;
        await fs.rm(file, { force: true });
        return true;
      } catch {
        return false;
      }
    },

    async recoverStale() {
      let moved = 0;
      for (const name of await owners()) {
        if (!(await ownerIsStale(name))) continue;
        for (const file of await listMd(path.join(claimedRoot, name))) {
          const entry = await readEntry(file).catch(() => undefined);
          if (!entry) continue;
          await store.release(entry);
          moved += 1;
        }
        await fs.rmdir(path.join(claimedRoot, name)).catch(() => {});
      }
      return moved;
    },
  };
  return store;
}
