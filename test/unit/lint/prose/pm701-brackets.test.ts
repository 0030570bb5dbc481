// PM701 precision: quoted log lines with brackets are evidence, not leftover placeholders.
// Regression found when gather_timeline rows were pasted into a draft (opencode end-to-end loop).
import { describe, expect, it } from 'vitest';
import { lintMarkdown } from '../../../../src/lint/engine.js';
import { buildDraft } from '../../../../src/postmortem/draft.js';

function pm701(event: string): string[] {
  const { markdown } = buildDraft({
    title: 'Brackets',
    date: '2026-03-05',
    timeline: [{ time: '14:00', event, source: 'loki {app="api"}' }],
  });
  const lines = markdown.split('\n');
  const row = lines.findIndex((l) => l.startsWith('| 14:00')) + 1;
  return lintMarkdown(markdown).diagnostics.filter((d) => d.ruleId === 'PM701' && d.line === row).map((d) => d.message);
}

describe('PM701 on bracketed text', () => {
  it.each(['sshd[1234]: Accepted publickey', '[thread-7] pool exhausted', '[catalog-api] query failed', '[pid 42] exited', '[2026-03-05 14:00:01] started'])('leaves %s alone', (event) => {
    expect(pm701(event)).toEqual([]);
  });

  it.each(['[first symptom] alert fired', '[describe the impact]', 'Owner: [names]', '[Service Name] restarted', '[e.g., disk full]'])('flags %s', (event) => {
    expect(pm701(event)).toHaveLength(1);
  });
});
