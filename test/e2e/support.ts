import { execFile, type ExecFileOptions } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from '../support/mcp.js';

export const CACHE_BIN = path.join(REPO, '.cache/e2e/node_modules/.bin');
export const NODE24 = path.join(CACHE_BIN, 'node');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: string[], options: ExecFileOptions = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { cwd: REPO, maxBuffer: 64 * 1024 * 1024, timeout: 150_000, ...options }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
    // opencode run reads piped stdin into the prompt and would wait for EOF forever.
    child.stdin?.end();
  });
}

/** A scratch HOME: Inspector 2.x writes ~/.mcp-inspector, opencode its config and cache. */
export function scratchHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'pm-e2e-home-'));
}
