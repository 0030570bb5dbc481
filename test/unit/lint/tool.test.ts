/** lint_postmortem tool definition (issue 4): contract annotations, schemas without $ref, output validity. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../../src/config.js';
import { UserInputError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import type { ToolContext } from '../../../src/tools/define.js';
import { lintPostmortemTool } from '../../../src/tools/lint-postmortem.js';

const GOOD = readFileSync(join(import.meta.dirname, '../../fixtures/lint/corpus/storage-disk-full.md'), 'utf8');

function ctx(): ToolContext {
  return {
    config: loadConfig({}),
    log: createLogger({ write: () => {} }),
    signal: new AbortController().signal,
    requestId: 't',
    progress: () => {},
    now: () => new Date('2026-12-01T00:00:00Z'),
  };
}

describe('lint_postmortem', () => {
  it('has the contract name and annotations', () => {
    expect(lintPostmortemTool.name).toBe('lint_postmortem');
    expect(lintPostmortemTool.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    const json = JSON.stringify([z.toJSONSchema(lintPostmortemTool.inputSchema), z.toJSONSchema(lintPostmortemTool.outputSchema, { io: 'input' })]);
    expect(json).not.toMatch(/\$ref|\$defs/);
  });

  it('returns a result valid against its output schema and a self-sufficient text', async () => {
    const md = GOOD.replace('**Severity:** P2', '**Severity:** p2').replace('**Reviewers:** Team Storage, Rosa Delgado (backup service owner)', '**Reviewers:** Kwame Mensah');
    const out = await lintPostmortemTool.handler(lintPostmortemTool.inputSchema.parse({ markdown: md, fix: true }), ctx());
    const structured = lintPostmortemTool.outputSchema.parse(out.structured);
    expect(structured.ready).toBe(false);
    expect(structured.fixed).toContain('**Severity:** P2');
    expect(structured.checklist.reviewersListed).toBe(false);
    expect(out.text).toMatch(/^Not ready: 1 error/);
    expect(out.text).toContain('PM105 severity-value');
    expect(out.text).toContain('- [ ] a reviewer other than the authors is listed');
    expect(out.text).toContain('```markdown\n');
    const ok = await lintPostmortemTool.handler({ markdown: GOOD }, ctx());
    expect(ok.text).toMatch(/^Ready for review/);
  });

  it('refuses documents over 5 MB as bad input', async () => {
    await expect(lintPostmortemTool.handler({ markdown: 'x'.repeat(5 * 1024 * 1024 + 1) }, ctx())).rejects.toThrow(UserInputError);
  });
});
