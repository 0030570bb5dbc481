import type { FileResult } from './index.js';

/** One file: the lint result with its `file`; several files: an array of those. */
export function formatJson(files: readonly FileResult[]): string {
  const items = files.map(({ file, result }) => ({ file, ...result }));
  return JSON.stringify(items.length === 1 ? items[0] : items, null, 2);
}
