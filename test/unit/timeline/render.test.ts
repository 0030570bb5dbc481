import { describe, expect, it } from 'vitest';
import { eventText } from '../../../src/timeline/render.js';
import type { TimelineEvent } from '../../../src/timeline/types.js';

const pattern: TimelineEvent = {
  id: 'orders.jsonl:pattern:1',
  ts: '2026-11-20T09:24:00.000Z',
  source: { system: 'orders', kind: 'log_pattern', ref: 'orders.jsonl:1201' },
  severity: 'error',
  category: 'symptom',
  title: '1800× orders: db query failed: timeout after <*>',
  count: 1800,
  firstSeen: '2026-11-20T09:24:00.000Z',
  lastSeen: '2026-11-20T09:59:00.000Z',
  pattern: { template: 'db query failed: timeout after <*>', examples: ['db query failed: timeout after 5000ms'] },
};

describe('eventText', () => {
  it('marks the key moments of a row; one taken from a later line of the pattern says when', () => {
    const text = eventText(pattern, [
      { name: 'firstSymptom', ts: '2026-11-20T09:24:00.000Z' },
      { name: 'restored', ts: '2026-11-20T09:59:00.000Z' },
    ]);
    expect(text).toBe('First symptom, restored at 09:59: 1800× orders: db query failed: timeout after <*> until 09:59');
  });

  it('leaves a row without key moments unmarked', () => {
    expect(eventText(pattern, [])).toBe('1800× orders: db query failed: timeout after <*> until 09:59');
  });
});
