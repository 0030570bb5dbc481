/**
 * Cold start: spawn to the tools/list answer over stdio, median of many runs, against a minimal
 * SDK v2 server with one tool measured in the same run (interleaved, so machine load hits both).
 * Goal: at most 1.3x the minimal server.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 21);

function once(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { cwd: repo, env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error' }, stdio: ['pipe', 'pipe', 'ignore'] });
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n').slice(0, -1)) {
        const msg = JSON.parse(line) as { id?: number };
        if (msg.id === 1) {
          child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
          child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' })}\n`);
        }
        if (msg.id === 2) {
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          child.kill();
          resolve(ms);
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    child.once('error', reject);
    child.stdin.write(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'bench', version: '1' } } })}\n`,
    );
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

const ours: number[] = [];
const peer: number[] = [];
await once([path.join(repo, 'dist/cli.js')]); // warm the file cache for both
await once([path.join(repo, 'bench/fixtures/minimal-server.mjs')]);
for (let i = 0; i < runs; i += 1) {
  ours.push(await once([path.join(repo, 'dist/cli.js')]));
  peer.push(await once([path.join(repo, 'bench/fixtures/minimal-server.mjs')]));
}
const ratio = median(ours) / median(peer);
console.log(`cold start (spawn -> tools/list), median of ${runs} runs`);
console.log(`  postmortem-mcp   ${median(ours).toFixed(1)} ms`);
console.log(`  minimal server   ${median(peer).toFixed(1)} ms`);
console.log(`  ratio            ${ratio.toFixed(2)}x (goal <= 1.30x) ${ratio <= 1.3 ? 'OK' : 'OVER'}`);
console.log(JSON.stringify({ bench: 'cold-start', oursMs: median(ours), peerMs: median(peer), ratio, goal: 1.3, runs }));
