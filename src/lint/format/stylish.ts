import type { Diagnostic } from '../types.js';
import type { FileResult } from './index.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function position(d: Diagnostic): string {
  return `${d.line}:${d.column}-${d.endLine}:${d.endColumn}`;
}

/** ESLint-style text: per file a block of aligned rows, then one summary line. */
export function formatStylish(files: readonly FileResult[], options: { fixHint?: string } = {}): string {
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let fixable = 0;
  for (const { file, result } of files) {
    errors += result.summary.errors;
    warnings += result.summary.warnings;
    infos += result.summary.infos;
    fixable += result.summary.fixable;
    const shown = result.diagnostics.filter((d) => !d.suppressed);
    if (shown.length === 0) continue;
    const posWidth = Math.max(...shown.map((d) => position(d).length));
    const msgWidth = Math.min(90, Math.max(...shown.map((d) => d.message.length)));
    out.push(file);
    for (const d of shown) {
      const tail = `${d.ruleId} ${d.alias}${d.fix ? ' (fixable)' : ''}`;
      out.push(`  ${position(d).padEnd(posWidth)}  ${d.severity.padEnd(7)}  ${d.message.padEnd(msgWidth)}  ${tail}`);
    }
    out.push('');
  }
  const total = errors + warnings + infos;
  if (total === 0) {
    out.push(`✔ No problems${files.length > 1 ? ` in ${plural(files.length, 'file')}` : ''}`);
    return out.join('\n');
  }
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos > 0) parts.push(plural(infos, 'info'));
  const hint = fixable > 0 ? ` (${fixable} fixable with ${options.fixHint ?? 'fix: true'})` : '';
  out.push(`${errors > 0 ? '✖' : '⚠'} ${parts.join(', ')}${hint}`);
  return out.join('\n');
}
