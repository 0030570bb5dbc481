/**
 * JSON-lines logger on stderr. stdout belongs to the MCP protocol on stdio, so nothing here ever
 * writes to it. Known secret values (from the configuration) are masked in every line, as a last
 * line of defence behind the redactor.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
  readonly level: LogLevel;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to process.stderr. */
  write?: (line: string) => void;
  /** Exact secret values to mask wherever they appear. */
  secrets?: readonly string[];
  bindings?: Record<string, unknown>;
  clock?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const clock = options.clock ?? (() => new Date());
  const bindings = options.bindings ?? {};

  const mask = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[REDACTED]');
    return out;
  };

  const emit = (lvl: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (ORDER[lvl] < ORDER[level]) return;
    const record = { time: clock().toISOString(), level: lvl, msg, ...bindings, ...fields };
    let line: string;
    try {
      line = JSON.stringify(record, errorReplacer);
    } catch {
      line = JSON.stringify({ time: record.time, level: lvl, msg, note: 'unserialisable log fields' });
    }
    write(`${mask(line)}\n`);
  };

  return {
    level,
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (more) => createLogger({ ...options, bindings: { ...bindings, ...more } }),
  };
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A logger that drops everything (tests, in-process `call`). */
export const silentLogger: Logger = createLogger({ write: () => {}, level: 'error' });
