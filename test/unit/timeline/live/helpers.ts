// Shared by the live-source tests: a window, the deps a fetcher gets, and an HTTP factory that
// counts requests across every client a source creates.
import type { Config } from '../../../../src/config.js';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../../../src/http/client.js';
import { silentLogger } from '../../../../src/log.js';
import type { LiveSourceDeps, TimeWindow } from '../../../../src/timeline/types.js';

export function windowOf(start: string, end: string): TimeWindow {
  return { start, end, startNs: BigInt(Date.parse(start)) * 1_000_000n, endNs: BigInt(Date.parse(end)) * 1_000_000n };
}

export function depsOf(signal: AbortSignal = new AbortController().signal): LiveSourceDeps {
  return { config: {} as Config, signal, progress: () => {}, log: silentLogger };
}

export interface CountingHttp {
  factory: (options: HttpClientOptions) => HttpClient;
  readonly requests: number;
  readonly retries: number;
}

/** Real clients with instant retry sleeps, so fault tests do not wait out backoff. */
export function countingHttp(overrides: Partial<HttpClientOptions> = {}): CountingHttp {
  const clients: HttpClient[] = [];
  return {
    factory: (options) => {
      const c = createHttpClient({ ...options, sleep: async () => {}, ...overrides });
      clients.push(c);
      return c;
    },
    get requests() {
      return clients.reduce((n, c) => n + c.stats.requests, 0);
    },
    get retries() {
      return clients.reduce((n, c) => n + c.stats.retries, 0);
    },
  };
}

export function nsOf(iso: string, extraNs = 0n): bigint {
  return BigInt(Date.parse(iso)) * 1_000_000n + extraNs;
}
