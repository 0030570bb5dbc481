import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { silentLogger } from '../../../src/log.js';
import { createGatherTimelineTool, gatherTimelineTool } from '../../../src/tools/gather-timeline.js';
import { parseToolInput, toToolError } from '../../../src/tools/define.js';
import { buildIncident } from '../../fixtures/timeline/generator.js';
import { testConfig } from './helpers.js';

function ctx() {
  return {
    config: testConfig(),
    log: silentLogger,
    signal: new AbortController().signal,
    requestId: 't',
    progress: () => {},
    now: () => new Date('2026-12-01T00:00:00Z'),
  };
}

describe('gather_timeline tool', () => {
  it('declares the contract annotations and flat schemas', () => {
    expect(gatherTimelineTool.name).toBe('gather_timeline');
    expect(gatherTimelineTool.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
    for (const schema of [gatherTimelineTool.inputSchema, gatherTimelineTool.outputSchema]) {
      const json = JSON.stringify(z.toJSONSchema(schema, { io: 'input' }));
      expect(json).not.toMatch(/"\$ref"|"\$defs"/);
    }
    expect(Object.keys(gatherTimelineTool.outputSchema.shape).sort()).toEqual(['durations', 'events', 'keyMoments', 'omitted', 'sources', 'warnings', 'window']);
  });

  it('validates maxEvents and formats like the contract', () => {
    expect(() => parseToolInput(gatherTimelineTool, { start: 'a', end: 'b', maxEvents: 501 })).toThrow(/maxEvents/);
    expect(() => parseToolInput(gatherTimelineTool, { start: 'a', end: 'b', inputs: [{ format: 'csv', content: '' }] })).toThrow(/inputs\.0\.format/);
    expect(parseToolInput(gatherTimelineTool, { start: 'a', end: 'b' }).maxEvents).toBe(60);
  });

  it('returns structured content matching its output schema and a self-sufficient text', async () => {
    const inc = buildIncident(11);
    const tool = createGatherTimelineTool({ liveSources: () => [] });
    const args = parseToolInput(tool, { start: inc.start, end: inc.end, inputs: inc.inputs, maxEvents: 10 });
    const out = await tool.handler(args, ctx());
    expect(tool.outputSchema.safeParse(out.structured).success).toBe(true);
    expect(out.structured.events.length).toBeLessThanOrEqual(10);
    expect(Object.keys(out.structured.keyMoments).length).toBe(7);
    expect(out.text).toContain('| Time (UTC) | Event |');
    expect(out.text).toMatch(/Key moments/);
    expect(out.text).toMatch(/Omitted by the budget: \d+ events, \d+ log patterns/);
  });

  it('turns a bad window into one actionable error', async () => {
    const tool = createGatherTimelineTool({ liveSources: () => [] });
    const err = await tool.handler(parseToolInput(tool, { start: 'yesterday', end: '2026-03-05T15:00:00Z', inputs: [] }), ctx()).catch((e) => e);
    const result = toToolError(err, ctx(), tool.name);
    expect(result.kind).toBe('user_input');
    expect(result.text).toMatch(/^start must be an ISO 8601 instant with a zone/);
  });
});
