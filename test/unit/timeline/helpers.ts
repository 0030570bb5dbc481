import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../../src/config.js';
import { silentLogger } from '../../../src/log.js';
import type { GatherDeps } from '../../../src/timeline/gather.js';
import { parseWindow } from '../../../src/timeline/gather.js';
import type { LogLine, ParseContext } from '../../../src/timeline/types.js';

export const SOURCES_DIR = fileURLToPath(new URL('../../fixtures/timeline/sources/', import.meta.url));

export function sample<T = any>(file: string): T {
  return JSON.parse(readFileSync(`${SOURCES_DIR}${file}`, 'utf8')) as T;
}

export function sampleText(file: string): string {
  return readFileSync(`${SOURCES_DIR}${file}`, 'utf8');
}

export interface TestCtx extends ParseContext {
  warnings: string[];
  lines: LogLine[];
}

export function parseCtx(opts: { start?: string; end?: string; timezone?: string; label?: string } = {}): TestCtx {
  const warnings: string[] = [];
  const lines: LogLine[] = [];
  return {
    label: opts.label ?? 'test-input',
    timezone: opts.timezone,
    window: parseWindow(opts.start ?? '1990-01-01T00:00:00Z', opts.end ?? '2030-01-01T00:00:00Z'),
    warn: (w) => warnings.push(w),
    log: (l) => lines.push(l),
    warnings,
    lines,
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    logLevel: 'error',
    storeDir: '/tmp/pm-store',
    inputRoots: [],
    bookstackTarget: { bookId: 79 },
    http: { allowedOrigins: [] },
    ...overrides,
  };
}

export function deps(overrides: Partial<GatherDeps> = {}): GatherDeps {
  return {
    config: testConfig(),
    signal: new AbortController().signal,
    progress: () => {},
    log: silentLogger,
    liveSources: [],
    ...overrides,
  };
}
