/**
 * Typed errors. Domain code throws these; the tool wrapper (src/tools/define.ts) is the one
 * place that turns them into `isError` results. Their messages are shown to the model as-is, so
 * they must be trusted text: one actionable sentence, never a secret or a raw upstream body.
 */

export type ErrorKind = 'user_input' | 'not_found' | 'upstream' | 'configuration' | 'cancelled';

export abstract class PostmortemError extends Error {
  abstract readonly kind: ErrorKind;
  /** The input field or configuration variable at fault, when there is one. */
  readonly field: string | undefined;

  constructor(message: string, options: { field?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.field = options.field;
  }
}

/** The caller's arguments are wrong; the message names the field and what to send instead. */
export class UserInputError extends PostmortemError {
  readonly kind = 'user_input' as const;
}

/** Something the caller referred to does not exist (a book, a chapter, a file, a page). */
export class NotFoundError extends PostmortemError {
  readonly kind = 'not_found' as const;
}

/** A remote system failed or refused; `system` names it (bookstack, loki, ...). */
export class UpstreamError extends PostmortemError {
  readonly kind = 'upstream' as const;
  readonly system: string;
  readonly status: number | undefined;
  /** True when trying again later may succeed (timeouts, 429, 5xx, connection resets). */
  readonly transient: boolean;

  constructor(
    system: string,
    message: string,
    options: { status?: number; transient?: boolean; field?: string; cause?: unknown } = {},
  ) {
    super(message, options);
    this.system = system;
    this.status = options.status;
    this.transient = options.transient ?? false;
  }
}

/** The server's configuration is missing or wrong; the message names the variable. */
export class ConfigurationError extends PostmortemError {
  readonly kind = 'configuration' as const;
  readonly problems: string[];

  constructor(problems: string[]) {
    super(
      problems.length === 1
        ? `Configuration problem: ${problems[0]}`
        : `${problems.length} configuration problems:\n${problems.map((p) => `- ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

/** The request was cancelled by the client (notifications/cancelled or a disconnect). */
export class CancelledError extends PostmortemError {
  readonly kind = 'cancelled' as const;

  constructor(message = 'The request was cancelled before it finished; nothing was changed.') {
    super(message);
  }
}

export function isPostmortemError(error: unknown): error is PostmortemError {
  return error instanceof PostmortemError;
}

/** Throws CancelledError when the signal has fired; call it between units of work. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}
