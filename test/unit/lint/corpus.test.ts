/**
 * Issue 4: realistic complete postmortems lint with zero errors in `recommended`, and a draft
 * rendered from complete input (design/lint-rules.md §8) has no structure, field, timeline or
 * action-table finding.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../src/lint/engine.js';
import { renderPostmortem } from '../../../src/postmortem/render.js';
import { PostmortemSchema } from '../../../src/postmortem/schema.js';

const DIR = join(import.meta.dirname, '../../fixtures/lint/corpus');
const corpus = readdirSync(DIR).filter((f) => f.endsWith('.md')).sort();

describe('corpus of good postmortems', () => {
  it('has the six incident kinds', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(6);
  });

  it.each(corpus)('%s has no error in recommended and is review-ready', (file) => {
    const result = lintMarkdown(readFileSync(join(DIR, file), 'utf8'));
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line} ${d.ruleId} ${d.message}`)).toEqual([]);
    expect(result.ready).toBe(true);
    expect(Object.values(result.checklist).every(Boolean)).toBe(true);
  });

  it.each(corpus)('%s has no error in strict either', (file) => {
    const result = lintMarkdown(readFileSync(join(DIR, file), 'utf8'), { preset: 'strict' });
    expect(result.summary.errors).toBe(0);
  });
});

export const COMPLETE_INPUT = {
  title: 'Checkout API returned HTTP 500 after a config push',
  date: '2024-03-05',
  duration: '00:47',
  severity: 'P2',
  status: 'Resolved',
  authors: ['Sam Lee'],
  reviewers: ['Priya Natarajan', 'Team Checkout'],
  summary: 'The checkout API returned HTTP 500 for 47 minutes, from 14:05 to 14:52 UTC. About 12% of checkout attempts failed. A config push removed the connection pool limit.',
  timeline: [
    { time: '13:58', event: 'Config change 4812 rolled out', source: 'deploy pipeline #9917' },
    { time: '14:05', event: 'Alert "checkout 5xx > 2%" fired and paged the on-call', source: 'alertmanager Checkout5xxHigh' },
    { time: '14:31', event: 'Config change 4812 rolled back', source: 'deploy pipeline #9921' },
    { time: '14:52', event: 'Error rate back to baseline and incident resolved', source: 'grafana checkout dashboard' },
  ],
  impact: { services: 'checkout-api', users: '~4,200 (12% of checkout attempts)', dataLoss: 'None', revenueSla: '~$18,000 in delayed orders' },
  rootCause: 'The connection pool limit defaulted to unlimited when the `pool.max` key was absent from the service configuration.',
  contributingFactors: ['Config pushes skip the canary stage that code deploys go through.'],
  wentWell: ['The 5xx alert paged the on-call within a minute.'],
  wentPoorly: ['Connection counts were not on the dashboard.'],
  actionItems: [{ action: 'Mark `pool.max` as required in the config schema (OPS-481)', owner: 'Team Checkout', due: '2024-03-12', priority: 'P1' }],
  lessons: 'Configuration changes reach production without the gates that code changes pass. Treating configuration as code would have stopped this change.',
};

describe('a draft rendered from complete input (§8)', () => {
  it('has no structure, field, timeline or action-table finding in strict', () => {
    const md = renderPostmortem(PostmortemSchema.parse(COMPLETE_INPUT));
    const result = lintMarkdown(md, { preset: 'strict' });
    const structural = result.diagnostics.filter((d) => /^PM[012]\d\d$/.test(d.ruleId) || d.ruleId === 'PM501' || d.ruleId === 'PM301');
    expect(structural.map((d) => `${d.line} ${d.ruleId} ${d.message}`)).toEqual([]);
    expect(result.ready).toBe(true);
  });

  it('a draft with missing parts is not ready (placeholders are reported)', () => {
    const md = renderPostmortem(PostmortemSchema.parse({ title: 'x', date: '2024-03-05' }));
    const result = lintMarkdown(md);
    expect(result.ready).toBe(false);
  });
});
