/**
 * `postmortem-mcp lint FILE... [--format stylish|json|sarif|github] [--fix] [--preset strict]
 * [--rule ID=severity]`. All I/O goes through `io`, so src/cli.ts owns the process and tests pass
 * an in-memory file system. Exit codes: 1 when an error finding remains, 2 on usage errors, else 0.
 */
import { isPostmortemError } from '../errors.js';
import { MAX_MARKDOWN_BYTES, lintMarkdown } from './engine.js';
import { FORMATS, formatGithub, formatJson, formatSarif, formatStylish, type FileResult, type FormatName } from './format/index.js';
import { resolveRules } from './presets.js';
import { RULES } from './registry.js';
import type { LintOptions, SeveritySetting } from './types.js';

export interface LintIo {
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  stdout(line: string): void;
  stderr(line: string): void;
}

export const LINT_USAGE = `Usage: postmortem-mcp lint FILE... [options]

Options:
  --format stylish|json|sarif|github   output format (default stylish)
  --fix                                apply safe fixes and write the files back
  --preset recommended|strict          rule preset (default recommended)
  --rule ID=off|info|warning|error     override a rule (id, alias or category tag); repeatable
  --no-inline-config                   ignore <!-- postmortem-lint … --> directives
  -h, --help                           show this help

Exit codes: 1 when an error-severity finding remains, 2 on usage errors, 0 otherwise.`;

interface Parsed {
  files: string[];
  format: FormatName;
  fix: boolean;
  options: LintOptions;
}

class UsageError extends Error {}

function parseArgs(args: readonly string[]): Parsed | 'help' {
  const files: string[] = [];
  let format: FormatName = 'stylish';
  let fix = false;
  const options: LintOptions = {};
  const rules: Record<string, SeveritySetting> = {};
  const valueOf = (flag: string, inline: string | undefined, i: number): [string, number] => {
    if (inline !== undefined) return [inline, i];
    const next = args[i + 1];
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
    return [next, i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      files.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    const inline = eq >= 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--fix':
        fix = true;
        break;
      case '--no-inline-config':
        options.noInlineConfig = true;
        break;
      case '--format': {
        const [v, j] = valueOf(flag, inline, i);
        i = j;
        if (!(FORMATS as readonly string[]).includes(v)) throw new UsageError(`Unknown format "${v}"; use one of ${FORMATS.join(', ')}.`);
        format = v as FormatName;
        break;
      }
      case '--preset': {
        const [v, j] = valueOf(flag, inline, i);
        i = j;
        if (v !== 'recommended' && v !== 'strict') throw new UsageError(`Unknown preset "${v}"; use recommended or strict.`);
        options.preset = v;
        break;
      }
      case '--rule': {
        const [v, j] = valueOf(flag, inline, i);
        i = j;
        const m = /^([^=]+)=(off|info|warning|error)$/.exec(v);
        if (!m) throw new UsageError(`--rule expects ID=off|info|warning|error, got "${v}".`);
        rules[(m[1] as string).trim()] = m[2] as SeveritySetting;
        break;
      }
      default:
        throw new UsageError(`Unknown option "${arg}".`);
    }
  }
  if (files.length === 0) throw new UsageError('No files given; pass one or more postmortem Markdown files.');
  if (Object.keys(rules).length > 0) options.rules = rules;
  return { files, format, fix, options };
}

function emit(io: LintIo, text: string): void {
  if (text === '') return;
  for (const line of text.split('\n')) io.stdout(line);
}

export async function runLintCommand(args: string[], io: LintIo): Promise<number> {
  let parsed: Parsed | 'help';
  try {
    parsed = parseArgs(args);
    if (parsed !== 'help') resolveRules(RULES, parsed.options);
  } catch (error) {
    if (error instanceof UsageError || isPostmortemError(error)) {
      io.stderr(`postmortem-mcp lint: ${error.message}`);
      io.stderr('Run "postmortem-mcp lint --help" for usage.');
      return 2;
    }
    throw error;
  }
  if (parsed === 'help') {
    emit(io, LINT_USAGE);
    return 0;
  }

  const sources: Array<{ file: string; text: string }> = [];
  for (const file of parsed.files) {
    let text: string;
    try {
      text = await io.readFile(file);
    } catch {
      io.stderr(`postmortem-mcp lint: cannot read "${file}"; check the path and permissions.`);
      return 2;
    }
    if (Buffer.byteLength(text, 'utf8') > MAX_MARKDOWN_BYTES) {
      io.stderr(`postmortem-mcp lint: "${file}" is larger than 5 MB; a postmortem should be far smaller.`);
      return 2;
    }
    sources.push({ file, text });
  }

  const options: LintOptions = { ...parsed.options, ...(parsed.format === 'sarif' ? { reportSuppressed: true } : {}) };
  const results: FileResult[] = [];
  for (const { file, text } of sources) {
    let source = text;
    if (parsed.fix) {
      const fixed = lintMarkdown(text, { ...options, fix: true }).fixed;
      if (fixed !== undefined && fixed !== text) {
        try {
          await io.writeFile(file, fixed);
        } catch {
          io.stderr(`postmortem-mcp lint: cannot write "${file}"; fixes were not saved.`);
          return 2;
        }
        source = fixed;
      }
    }
    results.push({ file, source, result: lintMarkdown(source, options) });
  }

  switch (parsed.format) {
    case 'json':
      emit(io, formatJson(results));
      break;
    case 'sarif':
      emit(io, formatSarif(results));
      break;
    case 'github':
      emit(io, formatGithub(results));
      break;
    default:
      emit(io, formatStylish(results, { fixHint: '--fix' }));
  }
  return results.some((r) => r.result.summary.errors > 0) ? 1 : 0;
}
