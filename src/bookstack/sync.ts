/**
 * `postmortem-mcp sync`: publish what the outbox holds, with the same no-duplicate rules as the
 * tool. Each entry is claimed atomically first, so replicas sharing the outbox never publish the
 * same entry twice; an entry that fails goes back for the next run.
 */
import type { Config } from '../config.js';
import { secretValues } from '../config.js';
import { CancelledError, isPostmortemError, UpstreamError } from '../errors.js';
import { createLogger, type Logger } from '../log.js';
import { createBookStackClient, type BookStackClient } from './client.js';
import { isTransient, publishPrepared, type PreparedPostmortem } from './publisher.js';
import { createStore, type OutboxEntry, type Store } from './store.js';

export interface SyncDeps {
  client: BookStackClient;
  store: Store;
  log?: Logger;
  signal?: AbortSignal;
  /** Budget per entry before it is left for the next run. */
  deadlineMs?: number;
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  keepLocalCopy?: boolean;
}

export interface SyncEntryResult {
  file: string;
  pageName: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'superseded' | 'failed' | 'skipped';
  pageId?: number;
  url?: string;
  error?: string;
}

export interface SyncResult {
  published: number;
  failed: number;
  remaining: number;
  results: SyncEntryResult[];
}

export async function syncOutbox(deps: SyncDeps): Promise<SyncResult> {
  const { client, store } = deps;
  const clock = deps.clock ?? Date.now;
  const results: SyncEntryResult[] = [];
  let published = 0;
  let failed = 0;
  await store.recoverStale();
  const files = await store.listOutbox();
  let stopReason: string | undefined;
  for (const file of files) {
    if (deps.signal?.aborted) break;
    if (stopReason) {
      results.push({ file, pageName: '', outcome: 'skipped', error: stopReason });
      continue;
    }
    let entry: OutboxEntry | undefined;
    try {
      entry = await store.claim(file);
    } catch (error) {
      deps.log?.warn('could not claim an outbox entry', { file, code: (error as NodeJS.ErrnoException).code });
      continue;
    }
    if (!entry) continue; // another replica took it
    try {
      if (await store.hasNewer(entry)) {
        await store.complete(entry);
        results.push({ file: entry.file, pageName: entry.meta.pageName, outcome: 'superseded' });
        continue;
      }
      const prepared = preparedFromEntry(entry);
      const outcome = await publishPrepared(
        prepared,
        { bookId: entry.meta.bookId ?? 0, ...(entry.meta.chapter ? { chapter: entry.meta.chapter } : {}) },
        {
          client,
          ...(deps.signal ? { signal: deps.signal } : {}),
          deadline: clock() + (deps.deadlineMs ?? 60_000),
          clock,
          sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
          random: deps.random ?? Math.random,
          ...(deps.log ? { log: deps.log } : {}),
        },
      );
      const url = client.pageUrl(outcome.page);
      if (deps.keepLocalCopy !== false) {
        await store
          .saveLocal({ meta: { ...entry.meta, pageId: outcome.page.id, url, publishedAt: new Date(clock()).toISOString() }, markdown: entry.markdown })
          .catch(() => undefined);
      }
      await store.complete(entry);
      published += 1;
      results.push({ file: entry.file, pageName: entry.meta.pageName, outcome: outcome.action, pageId: outcome.page.id, url });
    } catch (error) {
      await store.release(entry).catch(() => undefined);
      if (error instanceof CancelledError) throw error;
      failed += 1;
      const message = isPostmortemError(error) ? error.message : 'unexpected failure; see the server log';
      if (!isPostmortemError(error)) deps.log?.error('sync crashed on an entry', { error });
      results.push({ file: entry.file, pageName: entry.meta.pageName, outcome: 'failed', error: message });
      // Credentials and reachability problems fail every entry the same way: stop and say so once.
      if (isTransient(error) || (error instanceof UpstreamError && (error.status === 401 || error.status === 403) && !/may not (create|update)/.test(error.message))) {
        stopReason = message;
      }
    }
  }
  const remaining = (await store.listOutbox()).length + (await store.listClaimedByOthers()).length;
  return { published, failed, remaining, results };
}

function preparedFromEntry(entry: OutboxEntry): PreparedPostmortem {
  const m = entry.meta;
  // The entry already holds redacted, escaped, lint-gated content: publish it as it is.
  return {
    pageName: m.pageName,
    title: m.title,
    date: m.date,
    ...(m.severity ? { severity: m.severity } : {}),
    ...(m.status ? { status: m.status } : {}),
    content: entry.markdown,
    tags: m.tags ?? [],
    redactions: 0,
    redactionKinds: [],
    lint: undefined,
  };
}

export interface SyncIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  log?: Logger;
  signal?: AbortSignal;
}

/** A drain can meet a full 60-second rate-limit window, so sync waits longer than an interactive save. */
export const SYNC_TIMEOUTS = { overallTimeoutMs: 150_000, deadlineMs: 300_000 } as const;

/** CLI entry: exit 0 when the outbox is empty afterwards, 1 when entries remain (or BookStack is not configured). */
export async function runSyncCommand(config: Config, io: SyncIo): Promise<number> {
  const log = io.log ?? createLogger({ level: config.logLevel, secrets: secretValues(config) });
  const store = createStore(config.storeDir);
  const waiting = (await store.listOutbox()).length;
  if (!config.bookstack) {
    if (waiting === 0) {
      io.stdout('The outbox is empty; nothing to sync.\n');
      return 0;
    }
    io.stderr(`${waiting} postmortem(s) wait in ${store.outboxDir}, but BookStack is not configured; set BOOKSTACK_URL, BOOKSTACK_TOKEN_ID and BOOKSTACK_TOKEN_SECRET and run sync again.\n`);
    return 1;
  }
  const client = createBookStackClient({
    url: config.bookstack.url,
    tokenId: config.bookstack.tokenId,
    tokenSecret: config.bookstack.tokenSecret,
    ...(config.bookstack.caFile ? { caFile: config.bookstack.caFile } : {}),
    overallTimeoutMs: SYNC_TIMEOUTS.overallTimeoutMs,
  });
  try {
    const result = await syncOutbox({ client, store, log, deadlineMs: SYNC_TIMEOUTS.deadlineMs, ...(io.signal ? { signal: io.signal } : {}) });
    for (const r of result.results) {
      const what = r.outcome === 'failed' || r.outcome === 'skipped' ? `${r.outcome}: ${r.error ?? ''}` : `${r.outcome}${r.url ? ` ${r.url}` : ''}`;
      io.stdout(`${r.pageName || r.file}\t${what}\n`);
    }
    io.stdout(`published ${result.published}, failed ${result.failed}, remaining ${result.remaining} (outbox ${store.outboxDir}); ${client.stats.requests} BookStack request(s).\n`);
    return result.remaining === 0 ? 0 : 1;
  } catch (error) {
    io.stderr(`${isPostmortemError(error) ? error.message : 'sync failed unexpectedly; see the log.'}\n`);
    if (!isPostmortemError(error)) log.error('sync crashed', { error });
    return 1;
  } finally {
    await client.close();
  }
}
