import { describe, expect, it } from 'vitest';
import {
  actionSimilarity,
  baseForm,
  checkActionItem,
  checkActionText,
  checkDueAfterDate,
  checkDueDate,
  checkImperative,
  checkOwnerCollective,
  checkOwnerMissing,
  checkOwnerSingle,
  isCalendarDate,
  ownerParts,
} from '../../../../src/lint/action-quality.js';

const ids = (text: string) => checkActionText(text).map((i) => i.ruleId).sort();

describe('checkActionText', () => {
  it.each([
    ['Be more careful when deploying.', ['PM504']],
    ['Add more monitoring.', ['PM505']],
    ['Improve communication.', ['PM503']],
    ['Monitoring should be added for disk usage.', ['PM502', 'PM604']],
    ['Adding alerts', ['PM502']],
    ['We will add a canary stage for config pushes', ['PM502']],
    ['Remind engineers to check the dashboard', ['PM504']],
    ['Investigate the root cause', ['PM503']],
    ['Double-check configs before deploy', ['PM504']],
  ])('flags %j', (text, expected) => {
    // PM506 (info heuristic) may add itself to vague actions; the catalogue cases are about the rest.
    expect(ids(text).filter((id) => id !== 'PM506')).toEqual(expected);
  });

  it.each([
    'Add disk-usage alert at 85% on db-primary.',
    'Add p99 latency alert (>500 ms for 5 min) on /checkout.',
    'Add `--dry-run` verification step to deploy runbook.',
    'Alert when more than 5% of requests fail on checkout',
    'Add automated double-check of migration target in CI',
    'Backfill missing orders from the queue (OPS-12)',
    'OPS-481: Add canary stage for config pushes',
    'Rotate the leaked token and add secret scanning to CI',
  ])('passes %j', (text) => {
    expect(ids(text)).toEqual([]);
  });

  it('PM506 flags unbounded actions only', () => {
    expect(ids('Add dashboards.')).toEqual(['PM506']);
    expect(checkActionText('Add dashboards.')[0]!.severity).toBe('info');
  });

  it('suggests the imperative for -ing forms and modal openers', () => {
    expect(checkImperative('Adding alerts for lag')[0]!.replacement).toBe('Add');
    expect(checkImperative('Creating a runbook')[0]!.replacement).toBe('Create');
    const modal = checkImperative('We will add a canary')[0]!;
    expect(modal.replacement).toBe('Add');
    expect('We will add a canary'.slice(modal.start, modal.end)).toBe('We will add');
    expect(baseForm('Running')).toBe('Run');
    expect(baseForm('Updated')).toBe('Update');
  });
});

describe('owners', () => {
  it('missing owners', () => {
    for (const o of ['', 'TBD', '?', '-', 'N/A', 'unassigned', '[name/team]']) expect(checkOwnerMissing(o).map((i) => i.ruleId)).toEqual(['PM507']);
    expect(checkOwnerMissing('@priya')).toEqual([]);
  });

  it('collective owners', () => {
    for (const o of ['everyone', 'we', 'the team', 'Engineering', 'someone']) expect(checkOwnerCollective(o).map((i) => i.ruleId)).toEqual(['PM508']);
    for (const o of ['Team Payments', 'payments team', '@acme/payments', 'Platform Engineering', 'Sam Lee']) expect(checkOwnerCollective(o)).toEqual([]);
  });

  it('single owner', () => {
    expect(ownerParts('Alice, Bob')).toEqual(['alice', 'bob']);
    expect(ownerParts('@acme/payments')).toEqual(['@acme/payments']);
    expect(ownerParts('Sam Lee (Team Payments)')).toEqual(['sam lee']);
    expect(checkOwnerSingle('Alice and Bob').map((i) => i.ruleId)).toEqual(['PM509']);
    expect(checkOwnerSingle('@alice')).toEqual([]);
  });
});

describe('due dates', () => {
  it('validates by round trip', () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2023, 2, 29)).toBe(false);
    expect(isCalendarDate(2024, 2, 30)).toBe(false);
    expect(checkDueDate('2024-02-30')[0]!.replacement).toBeUndefined();
  });

  it('offers a replacement only for unambiguous ISO variants', () => {
    expect(checkDueDate('2024/03/19')[0]!.replacement).toBe('2024-03-19');
    expect(checkDueDate('2024.3.9')[0]!.replacement).toBe('2024-03-09');
    for (const d of ['03/19/2024', 'soon', 'next sprint', 'Q3', 'ASAP', '']) {
      const issue = checkDueDate(d);
      expect(issue).toHaveLength(1);
      expect(issue[0]!.replacement).toBeUndefined();
    }
    expect(checkDueDate('2024-03-19')).toEqual([]);
  });

  it("compares with the document's date", () => {
    expect(checkDueAfterDate('2024-03-01', '2024-03-05')[0]!.severity).toBe('error');
    expect(checkDueAfterDate('2024-03-05', '2024-03-05')[0]!.severity).toBe('warning');
    expect(checkDueAfterDate('2024-03-06', '2024-03-05')).toEqual([]);
    expect(checkDueAfterDate('2024-03-01', undefined)).toEqual([]);
  });
});

describe('checkActionItem', () => {
  it('combines text, owner and date checks', () => {
    const ids2 = checkActionItem({ action: 'Add more monitoring', owner: 'everyone', due: 'soon', priority: 'P2' }, '2024-03-05').map((i) => i.ruleId);
    expect(ids2).toEqual(expect.arrayContaining(['PM505', 'PM508', 'PM510']));
    expect(checkActionItem({ action: 'Add alert on db-primary disk above 85%', owner: '@priya', due: '2024-03-19' }, '2024-03-05')).toEqual([]);
  });

  it('similarity for duplicates', () => {
    expect(actionSimilarity('Add alert on disk usage', 'add alert on disk usage.')).toBe(1);
    expect(actionSimilarity('Add alert on disk usage', 'Add canary stage for config pushes')).toBeLessThan(0.5);
  });
});
