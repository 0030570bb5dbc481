/**
 * Realistic chains from test/fixtures/whys (see its README): each fixture states what five_whys must
 * find. Ready chains must also produce a Root Cause section the linter accepts (PM401–PM403, PM406)
 * and action hints that pass the action-item rules (PM502–PM505).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkActionText } from '../../../src/lint/action-quality.js';
import { analyzeWhys, type WhysInput } from '../../../src/whys/index.js';
import { lintRootCause, ROOT_CAUSE_RULES } from './helpers.js';

interface Fixture {
  name: string;
  incident: string;
  input: WhysInput;
  expect: {
    verdict: 'ready' | 'needs_work';
    depth?: number;
    branches?: number;
    gapTypes?: Record<string, string>;
    personShaped?: string[];
    has?: Array<[string, string, string?]>;
    lacks?: string[];
    nextQuestionFor?: string;
    nextQuestion?: string;
    nextQuestionLacks?: string[];
    sectionLacks?: string[];
  };
}

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/whys');
const fixtures: Array<[string, Fixture]> = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Fixture]);

describe('five_whys on realistic chains', () => {
  it('has fixtures for every incident kind the brief names', () => {
    const kinds = new Set(fixtures.map(([, f]) => f.incident));
    for (const k of ['kubernetes-oom', 'certificate-expiry', 'dns', 'database-migration', 'disk-full', 'ci-deploy', 'openbao-seal']) expect(kinds).toContain(k);
  });

  describe.each(fixtures)('%s', (_file, fixture) => {
    const result = analyzeWhys(fixture.input);
    const e = fixture.expect;

    it(`verdict is ${e.verdict}`, () => {
      expect(result.verdict, JSON.stringify(result.findings, null, 1)).toBe(e.verdict);
      if (e.depth !== undefined) expect(result.depth).toBe(e.depth);
      if (e.branches !== undefined) expect(result.branches).toBe(e.branches);
      expect(result.summary.errors === 0).toBe(e.verdict === 'ready');
    });

    it('finds what it must and nothing it must not', () => {
      for (const [whyId, ruleId, severity] of e.has ?? []) {
        const hit = result.findings.find((f) => f.whyId === whyId && f.ruleId === ruleId);
        expect(hit, `${whyId} ${ruleId} in ${JSON.stringify(result.findings.map((f) => `${f.whyId} ${f.ruleId}`))}`).toBeDefined();
        if (severity) expect(hit?.severity).toBe(severity);
      }
      for (const ruleId of e.lacks ?? []) {
        expect(result.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.whyId}: ${f.message}`)).toEqual([]);
      }
    });

    it('classifies the root causes', () => {
      for (const [whyId, gapType] of Object.entries(e.gapTypes ?? {})) {
        const root = result.rootCauses.find((r) => r.whyId === whyId);
        expect(root, `root cause ${whyId}`).toBeDefined();
        expect(root?.gapType, root?.reason).toBe(gapType);
      }
      expect(result.rootCauses.filter((r) => r.personShaped).map((r) => r.whyId)).toEqual(e.personShaped ?? []);
      expect(result.rootCauses.map((r) => r.whyId)).toEqual(result.nodes.filter((n) => n.leaf).map((n) => n.id));
    });

    if (e.verdict === 'needs_work') {
      it('asks the next question on the weakest branch', () => {
        expect(result.rootCauseSection).toBeUndefined();
        expect(result.nextQuestion).toMatch(/\?/);
        if (e.nextQuestionFor) expect(result.nextQuestionFor).toBe(e.nextQuestionFor);
        if (e.nextQuestion) expect(result.nextQuestion).toMatch(new RegExp(e.nextQuestion));
        for (const s of e.nextQuestionLacks ?? []) expect(result.nextQuestion).not.toContain(s);
      });
    } else {
      it('writes a Root Cause section that passes PM401–PM403 and PM406', () => {
        expect(result.nextQuestion).toBeUndefined();
        const section = result.rootCauseSection ?? '';
        const diagnostics = lintRootCause(section, result.contributingFactors ?? []);
        expect(diagnostics.filter((d) => ROOT_CAUSE_RULES.includes(d.ruleId)).map((d) => `${d.ruleId} ${d.message}`)).toEqual([]);
        for (const root of result.rootCauses) expect(section).toContain(root.statement.replace(/\.$/, '').slice(0, 40));
        for (const s of e.sectionLacks ?? []) {
          expect(section).not.toContain(s);
          for (const c of result.contributingFactors ?? []) expect(c).not.toContain(s);
        }
      });

      it('gives one action hint per root cause that passes the action-item rules', () => {
        expect(result.actionHints.map((h) => h.whyId)).toEqual(result.rootCauses.map((r) => r.whyId));
        for (const hint of result.actionHints) {
          expect(hint.gapType).toBe(result.rootCauses.find((r) => r.whyId === hint.whyId)?.gapType);
          expect(checkActionText(hint.hint).filter((i) => i.severity !== 'info')).toEqual([]);
          expect(hint.hint).not.toMatch(/\b(?:improve|more|ensure|better)\b/i);
        }
      });
    }
  });
});
