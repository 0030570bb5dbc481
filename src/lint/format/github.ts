import type { Severity } from '../types.js';
import type { FileResult } from './index.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

// Workflow command escaping (actions/toolkit core/src/command.ts)
const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** GitHub Actions annotations, one line per diagnostic. */
export function formatGithub(files: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const { file, result } of files) {
    for (const d of result.diagnostics) {
      if (d.suppressed) continue;
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${d.line}`,
        `col=${d.column}`,
        ...(d.endLine !== d.line ? [`endLine=${d.endLine}`] : []),
        `endColumn=${d.endColumn}`,
        `title=${escapeProperty(`${d.ruleId} ${d.alias}`)}`,
      ];
      lines.push(`::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`);
    }
  }
  return lines.join('\n');
}
