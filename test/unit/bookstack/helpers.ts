import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBookStackClient, type BookStackClientOptions } from '../../../src/bookstack/client.js';
import type { LintFn } from '../../../src/bookstack/publisher.js';
import { DEFAULT_TOKEN, startBookStackSim, type SimOptions } from '../../sim/bookstack.js';

/** A virtual clock: sleeps advance it instantly, so Retry-After waits cost no wall time. */
export function virtualClock(start = Date.UTC(2026, 11, 1, 20, 0, 0)) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export async function simAndClient(simOptions: SimOptions = {}, clientOptions: Partial<BookStackClientOptions> = {}) {
  const clock = virtualClock();
  const sim = await startBookStackSim({ now: clock.now, ...simOptions });
  const client = createBookStackClient({
    url: sim.url,
    tokenId: DEFAULT_TOKEN.id,
    tokenSecret: DEFAULT_TOKEN.secret,
    requestTimeoutMs: 2_000,
    sleep: clock.sleep,
    now: clock.now,
    ...clientOptions,
  });
  return { sim, client, clock };
}

export function tempDir(prefix = 'pm-store-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A stand-in for lintMarkdown: reports an error for every "TODO" line. */
export const todoLint: LintFn = (markdown) => {
  const diagnostics = markdown
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter((l) => l.line.includes('TODO'))
    .map((l) => ({ ruleId: 'PM900', severity: 'error', message: 'Unfinished TODO left in the document.', line: l.n, column: 1 }));
  return { ready: diagnostics.length === 0, summary: { errors: diagnostics.length, warnings: 0, infos: 0 }, diagnostics };
};

export function postmortem(title: string, date: string, body = 'The resolver cache expired and upstream DNS was unreachable.'): string {
  return `# Postmortem: ${title}\n\n**Date:** ${date}\n**Duration:** 00:42\n**Severity:** P2\n**Status:** Resolved\n\n## Executive Summary\n\n${body}\n\n## Root Cause\n\nA missing retry in the DNS forwarder.\n`;
}
