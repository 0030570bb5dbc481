/** five_whys tool definition (issue 5): contract annotations, flat schemas, output validity, a text a model can continue from. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../../../src/config.js';
import { UserInputError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log.js';
import { toToolError, type ToolContext } from '../../../src/tools/define.js';
import { fiveWhysTool } from '../../../src/tools/five-whys.js';

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

async function call(args: unknown) {
  const out = await fiveWhysTool.handler(fiveWhysTool.inputSchema.parse(args), ctx());
  return { ...out, structured: fiveWhysTool.outputSchema.parse(out.structured) };
}

const READY = {
  problem: 'Disk writes on db-1 failed for 25 minutes.',
  whys: [
    { answer: 'The data volume /var/lib/postgresql reached 100% usage.', evidence: 'prometheus:disk-db1' },
    { answer: 'WAL files piled up behind the replication slot of the removed replica db-3.', evidence: ['postgres:slots'] },
    { answer: 'The replica removal runbook did not include dropping the replication slot.', evidence: ['wiki:remove-replica'] },
    { id: 'a1', parent: 'w1', answer: 'There was no alert on disk usage for /var/lib/postgresql.', evidence: ['prometheus:rules'] },
  ],
};

describe('five_whys tool', () => {
  it('has the contract name, all four annotations and schemas without $ref/$defs', () => {
    expect(fiveWhysTool.name).toBe('five_whys');
    expect(fiveWhysTool.annotations).toEqual({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false });
    expect(fiveWhysTool.description).toContain('draft_postmortem');
    const json = JSON.stringify([z.toJSONSchema(fiveWhysTool.inputSchema), z.toJSONSchema(fiveWhysTool.outputSchema, { io: 'input' })]);
    expect(json).not.toMatch(/\$ref|\$defs/);
  });

  it('returns a ready result whose text carries the tree, the sections and the hints', async () => {
    const { structured, text } = await call(READY);
    expect(structured.verdict).toBe('ready');
    expect(structured.branches).toBe(2);
    expect(structured.rootCauses.map((r) => [r.whyId, r.gapType])).toEqual([
      ['w3', 'process'],
      ['a1', 'detection'],
    ]);
    expect(structured.nextQuestion).toBeUndefined();
    expect(text).toMatch(/^five_whys verdict: ready \(depth 3, minimum 3; 2 branches; 0 errors, 1 warning\)/);
    for (const id of ['w1', 'w2', 'w3', 'a1']) expect(text).toMatch(new RegExp(`^\\s+${id}: `, 'm'));
    expect(text).toContain('    w2: WAL files piled up');
    expect(text).toContain('a1 warning W401 chain-too-shallow');
    expect(text).toContain(structured.rootCauseSection!);
    for (const c of structured.contributingFactors!) expect(text).toContain(`- ${c}`);
    for (const h of structured.actionHints) expect(text).toContain(h.hint);
  });

  it('returns needs_work with the next question and the parent to answer it under, in the text too', async () => {
    const { structured, text } = await call({
      problem: 'Logins failed for 12 minutes.',
      whys: [{ answer: 'The auth config had an empty issuer URL.' }, { answer: 'José pushed the config change without running the validation script.' }],
    });
    expect(structured.verdict).toBe('needs_work');
    expect(structured.nextQuestionFor).toBe('w2');
    expect(structured.rootCauseSection).toBeUndefined();
    expect(text).toContain('five_whys verdict: needs_work');
    expect(text).toContain('w2 error W101 person-as-cause');
    expect(text).toContain('w2 error W401 chain-too-shallow');
    expect(text).toContain('parent "w2"');
    expect(text).toContain(structured.nextQuestion!);
    expect(structured.nextQuestion).not.toContain('José');
  });

  it('pins a small result', async () => {
    const { structured } = await call({ problem: 'The nightly backup did not run.', whys: [{ answer: 'The backup CronJob was suspended.', evidence: ['k8s:cronjob/backup'] }] });
    expect(structured).toMatchInlineSnapshot(`
      {
        "actionHints": [],
        "branches": 1,
        "depth": 1,
        "findings": [
          {
            "alias": "chain-too-shallow",
            "message": "The chain ending at w1 is 1 deep, so the analysis is not deep enough (at least 3 expected).",
            "ruleId": "W401",
            "severity": "error",
            "suggestion": "Ask why w1 happened and add the answer with parent "w1".",
            "whyId": "w1",
          },
          {
            "alias": "leaf-not-a-gap",
            "message": "w1 reads as an event ("The backup CronJob was suspended."), not as a system or process gap.",
            "ruleId": "W502",
            "severity": "error",
            "suggestion": "Ask why w1 happened: what guard, alert, process step, capacity limit, dependency or knowledge was missing?",
            "whyId": "w1",
          },
        ],
        "minDepth": 3,
        "nextQuestion": "Why was the backup CronJob suspended?",
        "nextQuestionFor": "w1",
        "nodes": [
          {
            "answer": "The backup CronJob was suspended.",
            "answerChars": 33,
            "depth": 1,
            "evidence": [
              "k8s:cronjob/backup",
            ],
            "id": "w1",
            "leaf": true,
            "parent": null,
          },
        ],
        "problem": "The nightly backup did not run.",
        "redactions": 0,
        "rootCauses": [
          {
            "depth": 1,
            "gapType": "other",
            "personShaped": false,
            "reason": "reads as an event, not as a missing guardrail, alert, process step, capacity limit, dependency or piece of knowledge",
            "statement": "The backup CronJob was suspended.",
            "whyId": "w1",
          },
        ],
        "summary": {
          "errors": 2,
          "infos": 0,
          "warnings": 0,
        },
        "verdict": "needs_work",
      }
    `);
  });

  it('turns structural errors into one-sentence UserInputErrors that name the id', async () => {
    const bad = fiveWhysTool.inputSchema.parse({ problem: 'p', whys: [{ answer: 'a' }, { id: 'x', answer: 'b', parent: 'nope' }] });
    await expect(fiveWhysTool.handler(bad, ctx())).rejects.toThrow(UserInputError);
    const error = await fiveWhysTool.handler(bad, ctx()).catch((e: unknown) => e);
    const result = toToolError(error, ctx(), 'five_whys');
    expect(result.kind).toBe('user_input');
    expect(result.text).toContain('whys[1] (x)');
    expect(result.text).toContain('"nope"');
  });

  it('masks secrets pasted into answers in every output', async () => {
    const { structured, text } = await call({
      problem: 'The API could not reach the database for 9 minutes.',
      whys: [
        { answer: 'The app used postgres://app:Hunter2Secret@db:5432/app after the config reload.', evidence: ['loki:1'] },
        { answer: 'The reload read a stale secret file from the old volume.', evidence: ['k8s:2'] },
        { answer: 'The deploy runbook did not include rotating the database secret file.', evidence: ['wiki:3'] },
      ],
    });
    expect(JSON.stringify(structured)).not.toContain('Hunter2Secret');
    expect(text).not.toContain('Hunter2Secret');
    expect(structured.redactions).toBeGreaterThan(0);
    expect(structured.findings.some((f) => f.ruleId === 'W601' && f.whyId === 'w1')).toBe(true);
  });
});
