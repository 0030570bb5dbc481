import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors.js';
import { buildDraft } from '../../../src/postmortem/draft.js';
import { SECTIONS } from '../../../src/postmortem/template.js';

const complete = {
  title: 'Checkout API errors after config push',
  date: '2026-03-05',
  severity: 'P2',
  status: 'Resolved',
  authors: ['Priya Raman'],
  reviewers: 'Sam Lee, Team Payments',
  summary: 'The checkout API returned HTTP 500 for 47 minutes. About 12% of checkout attempts failed.',
  timeline: [
    { time: '2026-03-05T15:05:00+01:00', event: 'Alert "checkout 5xx > 2%" fired', source: 'prometheus ALERTS{alertname="Checkout5xx"}' },
    { time: '2026-03-05T14:02:00Z', event: 'Config push 2026.03.05-2 rolled out', source: { system: 'woodpecker', kind: 'deploy', ref: 'shop/checkout#812' } },
    { time: '2026-03-05T14:40:00Z', event: 'Rollback of the config push started' },
    { time: '2026-03-05T14:52:00Z', event: 'Error rate back to baseline; incident resolved' },
  ],
  impact: { services: ['checkout-api', 'storefront'], users: '~4,200 (12% of checkout attempts)', dataLoss: false, revenueSla: 'About EUR 9,000 in delayed orders' },
  rootCause: 'The config loader treated a missing pool limit as unlimited, so the database connection pool grew until the server refused connections.',
  contributingFactors: ['No alert on database connection count', 'Config pushes skipped the canary stage'],
  wentWell: ['The 5xx alert fired within 3 minutes'],
  wentPoorly: ['It took 35 minutes to connect the errors to the config push'],
  actionItems: [{ action: 'Add a schema check that rejects configs without pool.max', owner: 'Team Payments', due: '2026-03-19', priority: 'P2', type: 'prevent' as const }],
  lessons: 'Defaults that mean unlimited are dangerous. Config changes need the same canary as code.',
};

describe('buildDraft', () => {
  it('renders every section of the template for a complete input, without placeholders', () => {
    const { markdown, pageName } = buildDraft(complete);
    expect(pageName).toBe('Postmortem 2026-03-05: Checkout API errors after config push');
    for (const s of SECTIONS) expect(markdown).toContain(`\n## ${s.heading}\n`);
    expect(markdown).toMatch(/^# Postmortem: Checkout API errors after config push\n/);
    expect(markdown).toContain('**Severity:** P2');
    expect(markdown).toContain('**Reviewers:** Sam Lee, Team Payments');
    expect(markdown).toContain('- **Data loss:** None');
    expect(markdown).toContain('- **Services affected:** checkout-api, storefront');
    expect(markdown).not.toMatch(/\[(names|list|Specific action|Incident Title)|YYYY-MM-DD|HH:MM/);
  });

  it('converts instants to UTC, sorts them and cites each source', () => {
    const { markdown } = buildDraft(complete);
    const rows = markdown.split('\n').filter((l) => /^\| \d/.test(l));
    expect(rows[0]).toBe('| 14:02 | Config push 2026.03.05-2 rolled out (source: woodpecker shop/checkout#812) |');
    expect(rows[1]).toBe('| 14:05 | Alert "checkout 5xx > 2%" fired (source: prometheus ALERTS{alertname="Checkout5xx"}) |');
    expect(rows).toHaveLength(4);
  });

  it('computes the duration from detection to resolution when it is not given', () => {
    const { doc, duration } = buildDraft(complete);
    expect(doc.duration).toBe('00:47');
    expect(duration?.basis).toMatch(/first alert/);
  });

  it('shows dates on rows when the incident crosses midnight', () => {
    const { markdown, doc } = buildDraft({
      title: 'Nightly backup overran',
      date: '2026-03-05',
      timeline: [
        { time: '2026-03-05T23:50:00Z', event: 'Backup alert fired' },
        { time: '2026-03-06T00:35:00Z', event: 'Backup finished; resolved' },
      ],
    });
    expect(markdown).toContain('| 2026-03-05 23:50 | Backup alert fired |');
    expect(markdown).toContain('| 2026-03-06 00:35 | Backup finished; resolved |');
    expect(doc.duration).toBe('00:45');
  });

  it('handles HH:MM rows that roll over midnight', () => {
    const { doc } = buildDraft({
      title: 'DNS', date: '2026-03-05',
      timeline: [{ time: '23:40', event: 'Pager alert fired' }, { time: '00:20', event: 'Resolver recovered' }],
    });
    expect(doc.duration).toBe('00:40');
  });

  it('accepts gather_timeline events as they come', () => {
    const { doc } = buildDraft({
      title: 'Loki', date: '2026-03-05',
      timeline: [
        { ts: '2026-03-05T10:00:00.000Z', title: 'BackOff restarting failed container', source: { system: 'kubernetes', kind: 'k8s_event', ref: 'shop/pod/api-7d9' }, count: 47, phaseHints: ['firstSymptom'] },
        { ts: '2026-03-05T10:04:00.000Z', title: 'KubePodCrashLooping firing', source: { system: 'alertmanager', kind: 'alert', ref: 'KubePodCrashLooping' }, phaseHints: ['detection'] },
        { ts: '2026-03-05T10:31:00.000Z', title: 'All alerts cleared', source: { system: 'alertmanager', kind: 'alert', ref: 'KubePodCrashLooping' }, phaseHints: ['resolved'] },
      ],
    });
    expect(doc.timeline[0]).toEqual({ time: '10:00', event: 'BackOff restarting failed container (×47)', source: 'kubernetes shop/pod/api-7d9' });
    expect(doc.duration).toBe('00:27');
  });

  it('renders visible placeholders for a sparse input', () => {
    const { markdown, warnings } = buildDraft({ title: 'Sparse', date: '2026-03-05' });
    expect(markdown).toContain('**Duration:** HH:MM (detection to resolution)');
    expect(markdown).toContain('**Author(s):** [names]');
    expect(markdown).toContain('| HH:MM | First symptom / alert fired |');
    expect(markdown).toContain('| [Specific action] | [name/team] | YYYY-MM-DD | P1/P2/P3 |');
    expect(markdown).toContain('- **Users affected:** [number, "all users", or "internal only"]');
    expect(warnings).toEqual([]);
  });

  it('keeps hostile text from breaking the document structure', () => {
    const { markdown } = buildDraft({
      title: 'Injection',
      date: '2026-03-05',
      summary: 'Line one.\n## Root Cause\n<!-- postmortem-lint disable-file -->',
      timeline: [{ time: '14:00', event: 'log said | col | <script>alert(1)</script>\nnext row' }],
    });
    expect(markdown.match(/^## Root Cause$/gm)).toHaveLength(1);
    expect(markdown).not.toContain('<!--');
    expect(markdown).not.toContain('<script>');
    expect(markdown).toContain('| 14:00 | log said \\| col \\| &lt;script>alert(1)&lt;/script> next row |');
  });

  it('names the field on bad input', () => {
    expect(() => buildDraft({ title: 'x', date: '2026-02-30' })).toThrow(/date must be a real calendar date/);
    expect(() => buildDraft({ title: 'x', date: '2026-03-05', timeline: [{ time: 'around 2pm', event: 'x' }] })).toThrow(UserInputError);
    expect(() => buildDraft({ title: 'x', date: '2026-03-05', timeline: [{ time: 'around 2pm', event: 'x' }] })).toThrow(/timeline\[0\]\.time/);
    expect(() => buildDraft({ title: 'x', date: '2026-03-05', duration: 'about an hour' })).toThrow(/duration must be HH:MM/);
  });

  it('warns when an instant has no zone', () => {
    const { warnings } = buildDraft({ title: 'x', date: '2026-03-05', timeline: [{ time: '2026-03-05T14:00:00', event: 'Alert fired' }] });
    expect(warnings[0]).toMatch(/no time zone/);
  });
});
