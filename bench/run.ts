/** npm run bench: every benchmark in turn; each prints its own ratio and a JSON line. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = ['cold-start', 'lint', 'whys', 'timeline-accuracy', 'timeline-gather', 'timeline-live', 'publish', 'context'].filter(
  (b) => only.length === 0 || only.includes(b),
);
let failed = 0;
for (const bench of benches) {
  const file = path.join(dir, `${bench}.ts`);
  if (!existsSync(file)) continue;
  process.stdout.write(`\n## ${bench}\n`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file], { stdio: 'inherit' });
  if (res.status !== 0) failed += 1;
}
process.exitCode = failed ? 1 : 0;
