/**
 * The shape every tool file exports, and the one error wrapper. A tool is a plain object built with
 * `defineTool`, so the same definition serves MCP (src/server.ts), `postmortem-mcp call` and tests.
 * This file does not import the SDK; src/tools/register.ts maps definitions onto an McpServer.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Config } from '../config.js';
import { secretValues } from '../config.js';
import { UserInputError, isPostmortemError } from '../errors.js';
import type { Logger } from '../log.js';

/** All four hints are required by type (architecture rule 6): a missing destructiveHint defaults to true. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolContext {
  config: Config;
  log: Logger;
  /** Fires on notifications/cancelled or a client disconnect. Long loops call throwIfAborted(signal). */
  signal: AbortSignal;
  requestId: string;
  /** Progress notification; a no-op unless the client sent a progressToken. */
  progress(progress: number, total?: number, message?: string): void;
  /** The wall clock, injectable for tests. Domain rules never read it (dates compare with the document). */
  now(): Date;
}

export interface ToolOutput<O> {
  structured: O;
  /** A self-sufficient text block: some clients (opencode) forward only the text to the model. */
  text: string;
}

export interface ToolDefinition<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  annotations: ToolAnnotations;
  inputSchema: I;
  outputSchema: O;
  handler(input: z.output<I>, ctx: ToolContext): Promise<ToolOutput<z.input<O>>>;
}

/** Identity function that keeps the input and output types of a tool tied to its schemas. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  definition: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return definition;
}

export interface ToolErrorResult {
  isError: true;
  text: string;
  correlationId: string;
  kind: string;
}

/**
 * Turns any thrown value into the text the client sees. Typed errors keep their (trusted) sentence;
 * anything else becomes a generic sentence, with the stack written to the log only.
 */
export function toToolError(error: unknown, ctx: Pick<ToolContext, 'log' | 'config'>, tool: string): ToolErrorResult {
  const correlationId = randomUUID().slice(0, 8);
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of secretValues(ctx.config)) out = out.split(secret).join('[REDACTED]');
    return out;
  };
  if (isPostmortemError(error)) {
    ctx.log.warn('tool failed', { tool, kind: error.kind, correlationId, message: scrub(error.message) });
    return { isError: true, kind: error.kind, correlationId, text: `${scrub(error.message)} (correlation id ${correlationId})` };
  }
  const detail = error instanceof Error ? { name: error.name, message: scrub(error.message), stack: scrub(error.stack ?? '') } : scrub(String(error));
  ctx.log.error('tool crashed', { tool, correlationId, error: detail });
  return {
    isError: true,
    kind: 'internal',
    correlationId,
    text: `${tool} failed unexpectedly; the details are in the server log under correlation id ${correlationId}. Try again, or report it with that id.`,
  };
}

/** Validates raw arguments against a tool's input schema; used where the SDK has not already done so (CLI `call`). */
export function parseToolInput<I extends z.ZodObject>(definition: ToolDefinition<I>, raw: unknown): z.output<I> {
  const result = definition.inputSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new UserInputError(describeIssues(definition.name, result.error.issues), {
    field: result.error.issues[0]?.path.join('.') || undefined,
  });
}

export function describeIssues(tool: string, issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.slice(0, 5).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(arguments)';
    return `${where}: ${issue.message}`;
  });
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return `Invalid arguments for ${tool}: ${parts.join('; ')}${more}.`;
}
