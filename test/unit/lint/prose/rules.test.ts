import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePostmortem } from '../../../../src/postmortem/parse.js';
import type { Finding, Rule } from '../../../../src/lint/types.js';

const RULES_DIR = fileURLToPath(new URL('../../../../src/lint/rules/', import.meta.url));
const OWN = readdirSync(RULES_DIR).filter((f) => /^pm(?:4\d\d|5\d\d|6\d\d|70[1-4])-/.test(f));
const rules = new Map<string, Rule>();
for (const f of OWN) {
  const mod = (await import(`../../../../src/lint/rules/${f}`)) as { rule: Rule; default: Rule };
  rules.set(mod.rule.id, mod.rule);
}

function run(id: string, md: string, options: Record<string, unknown> = {}): Finding[] {
  return rules.get(id)!.check({ doc: parsePostmortem(md), options });
}
const at = (md: string, f: Finding) => md.slice(f.span.start.offset, f.span.end.offset);
function applyEdits(md: string, edits: Array<{ start: number; end: number; newText: string }>): string {
  let out = md;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

const HEAD = '# Postmortem: Test\n\n**Date:** 2024-03-05\n**Severity:** P2\n**Author(s):** Priya Raman\n**Reviewers:** Sam Lee\n\n';
const actions = (...rows: string[]) => `${HEAD}## Action Items\n\n| Action | Owner | Due Date | Priority |\n|---|---|---|---|\n${rows.join('\n')}\n`;

describe('rule metadata', () => {
  it('has all 38 owned rules with consistent metadata', () => {
    expect(rules.size).toBe(38);
    for (const [id, rule] of rules) {
      expect(rule.id).toBe(id);
      expect(OWN.some((f) => f.startsWith(`${id.toLowerCase()}-${rule.alias}.`))).toBe(true);
      expect(rule.examples.fail.length).toBeGreaterThan(0);
      expect(rule.examples.pass.length).toBeGreaterThan(0);
      expect(rule.description.length).toBeGreaterThan(10);
    }
  });

  it('keeps heuristic rules at info or off by default', () => {
    for (const id of ['PM506', 'PM603', 'PM605', 'PM607', 'PM610', 'PM704']) {
      const r = rules.get(id)!;
      expect(r.defaultSeverity === 'info' || !r.recommended).toBe(true);
    }
  });

  it('every failing example fails and every passing example passes its own rule', () => {
    for (const rule of rules.values()) {
      for (const ex of rule.examples.fail) expect(rule.check({ doc: parsePostmortem(ex), options: {} }).length, `${rule.id} fail`).toBeGreaterThan(0);
      for (const ex of rule.examples.pass) expect(rule.check({ doc: parsePostmortem(ex), options: {} }), `${rule.id} pass`).toEqual([]);
    }
  });
});

describe('scope-dependent severity', () => {
  it('PM402 is an error in Root Cause and a warning in Contributing Factors', () => {
    const md = `${HEAD}## Root Cause\n\nEngineer ran the wrong command.\n\n## Contributing Factors\n\n- The developer pushed without review.\n`;
    const f = run('PM402', md);
    expect(f.map((x) => [at(md, x), x.severity])).toEqual([
      ['Engineer ran', 'error'],
      ['The developer pushed', 'warning'],
    ]);
  });

  it('PM403 reports "should have" only before a participle', () => {
    const md = `${HEAD}## Lessons Learned\n\nEvery service should have a connection limit. The limit should have been enforced. We should've caught it.\n`;
    expect(run('PM403', md).map((x) => at(md, x))).toEqual(['should have', "should've"]);
  });

  it('PM403 is an error in Root Cause, a warning elsewhere, and "failed to" needs a person subject', () => {
    const md = `${HEAD}## Root Cause\n\nThe on-call should have checked the dashboard. The job failed to connect to the replica.\n\n## What Went Poorly\n\n- We failed to escalate.\n`;
    const f = run('PM403', md);
    expect(f.map((x) => [at(md, x), x.severity])).toEqual([
      ['should have', 'error'],
      ['failed to', 'warning'],
    ]);
  });
});

describe('prose rules skip code, URLs and quotes', () => {
  it('PM401 ignores code spans, fenced code, links and quoted mentions', () => {
    const md = `${HEAD}## Root Cause\n\nThe log line \`human error\` appeared. See https://wiki.example.com/human-error and "human error" is not our finding.\n\n\`\`\`\nERROR human error\n\`\`\`\n`;
    expect(run('PM401', md)).toEqual([]);
  });

  it('PM401 ignores a negated mention', () => {
    const md = `${HEAD}## Root Cause\n\nThis was not human error: the runbook step ran against production. Rather than human error, the gap was the missing guard. It was human error.\n`;
    expect(run('PM401', md).map((x) => at(md, x))).toEqual(['human error']);
    expect(run('PM401', md)[0]!.span.start.offset).toBe(md.lastIndexOf('human error'));
  });

  it('PM404 reports "just" only as a minimiser', () => {
    const md = `${HEAD}## Root Cause\n\nThe deploy had just finished at 13:58. We could just restart the pods. It was just a typo.\n`;
    expect(run('PM404', md).map((x) => at(md, x))).toEqual(['just', 'just']);
  });

  it('PM601 is silent when the sentence carries a number', () => {
    const md = `${HEAD}## Executive Summary\n\nSome users (about 300) saw errors. Some users saw errors.\n`;
    const f = run('PM601', md);
    expect(f).toHaveLength(1);
    expect(f[0]!.span.start.column).toBeGreaterThan(30);
  });
});

describe('fixes', () => {
  it('PM602 removes the adverb and re-capitalises', () => {
    const md = `${HEAD}## What Went Poorly\n\n- Unfortunately, alerting was missing.\n- The alert was obviously late.\n`;
    const f = run('PM602', md);
    const fixed = applyEdits(md, f.flatMap((x) => x.fix!.edits));
    expect(fixed).toContain('- Alerting was missing.');
    expect(fixed).toContain('- The alert was late.');
    expect(run('PM602', fixed)).toEqual([]);
  });

  it('PM501 normalises a synonym header and leaves an unfixable one alone', () => {
    const md = `${HEAD}## Action Items\n\n| Task | Who | Due | Prio |\n|---|---|---|---|\n| Add alert on lag above 30 s | @priya | 2024-03-19 | P2 |\n`;
    const f = run('PM501', md);
    expect(f).toHaveLength(1);
    const fixed = applyEdits(md, f[0]!.fix!.edits);
    expect(fixed).toContain('| Action | Owner | Due Date | Priority |');
    expect(run('PM501', fixed)).toEqual([]);
    const three = `${HEAD}## Action Items\n\n| Task | Who | When |\n|---|---|---|\n| Add alert | @priya | 2024-03-19 |\n`;
    expect(run('PM501', three)[0]!.fix).toBeUndefined();
  });

  it('PM501 accepts a trailing Type column', () => {
    const md = `${HEAD}## Action Items\n\n| Action | Owner | Due Date | Priority | Type |\n|---|---|---|---|---|\n| Add alert on lag above 30 s | @priya | 2024-03-19 | P2 | detect |\n`;
    expect(run('PM501', md)).toEqual([]);
  });

  it('PM510 and PM513 fix only the safe cases', () => {
    const md = actions('| Add alert on lag above 30 s | @priya | 2024/03/19 | p1 |', '| Add alert on lag above 60 s | @priya | 03/19/2024 | urgent |');
    const due = run('PM510', md);
    expect(due.map((x) => Boolean(x.fix))).toEqual([true, false]);
    const prio = run('PM513', md);
    expect(prio.map((x) => [Boolean(x.fix), x.severity ?? 'error'])).toEqual([
      [true, 'warning'],
      [false, 'warning'],
    ]);
    const fixed = applyEdits(md, [...due, ...prio].flatMap((x) => x.fix?.edits ?? []));
    expect(fixed).toContain('| 2024-03-19 | P1 |');
  });

  it('PM513 is an error when the priority is missing', () => {
    const f = run('PM513', actions('| Add alert on lag above 30 s | @priya | 2024-03-19 |  |'));
    expect(f).toHaveLength(1);
    expect(f[0]!.severity).toBeUndefined();
  });

  it('PM502 suggests the imperative', () => {
    const md = actions('| Adding alerts for lag above 30 s | @priya | 2024-03-19 | P2 |');
    const f = run('PM502', md);
    expect(applyEdits(md, f[0]!.suggestion!.edits!)).toContain('| Add alerts for lag');
  });
});

describe('PM701 placeholders', () => {
  it('reports template leftovers and not links, checkboxes, footnotes or [REDACTED]', () => {
    const md = `${HEAD}## Impact\n\n- **Services affected:** [list]\n- **Users affected:** [number]\n\n## What Went Well\n\n- See [the runbook](https://x.example.com) and [OPS-1][ref].\n- [x] done, token [REDACTED], {{owner}}, <describe impact>, FIXME\n- <br> and <kbd>Ctrl</kbd>\n\n[ref]: https://x.example.com/ops-1\n`;
    const found = run('PM701', md).map((x) => at(md, x));
    expect(found).toEqual(['[list]', '[number]', '{{owner}}', '<describe impact>', 'FIXME']);
  });

  it('ignores prose brackets and lower-case words that only look like placeholders', () => {
    const md = `${HEAD}## What Went Well\n\n- The todo list in the runbook helped; the log said [ERROR] at [14:05:02] and "retry [...] later" [sic].\n- > [!NOTE] kept.\n`;
    expect(run('PM701', md)).toEqual([]);
  });

  it('reports the template example action row cell by cell and leaves it out of the action rules', () => {
    const md = actions('| [Specific action] | [name/team] | YYYY-MM-DD | P1/P2/P3 |');
    expect(run('PM701', md).map((x) => at(md, x))).toEqual(['[Specific action]', '[name/team]', 'YYYY-MM-DD', 'P1/P2/P3']);
    for (const id of ['PM502', 'PM506', 'PM507', 'PM509', 'PM510', 'PM513', 'PM517']) expect(run(id, md), id).toEqual([]);
  });

  it('leaves TBD in delegated cells to the field rules', () => {
    const md = actions('| Add alert on lag above 30 s | TBD | TBD | TBD |');
    expect(run('PM701', md)).toEqual([]);
  });
});

describe('messages never repeat a secret', () => {
  it('redacts secrets in quoted cell text', () => {
    const token = `ghp_${'Zy9'.repeat(12)}`;
    const md = actions(`| Rotating ${token} everywhere | ${token} | ${token} | ${token} |`, `| Task [${token}] | @p | 2024-03-19 | P2 |`);
    for (const rule of rules.values()) {
      for (const f of rule.check({ doc: parsePostmortem(md), options: {} })) {
        expect(f.message, rule.id).not.toContain(token.slice(4, 20));
        expect(JSON.stringify(f.actual ?? ''), rule.id).not.toContain(token.slice(4, 20));
      }
    }
  });
});

describe('PM402 precision', () => {
  it('does not treat a Kubernetes operator as a person', () => {
    const md = `${HEAD}## Root Cause\n\nThe operator reconciled the custom resource and deleted the PVC.\n`;
    expect(run('PM402', md)).toEqual([]);
    const human = `${HEAD}## Root Cause\n\nThe operator deleted the customer's files from the share.\n`;
    expect(run('PM402', human)).toHaveLength(1);
  });
});

describe('secrets', () => {
  const token = `ghp_${'Ab1'.repeat(12)}`;
  const md = `${HEAD}## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n| 14:05 | Ran \`curl -H "Authorization: token ${token}"\` |\n\n\`\`\`\nDB_PASSWORD=Tr0ub4dor&3x\n\`\`\`\n`;

  it('PM702/PM703 find secrets inside code and never echo them', () => {
    const f702 = run('PM702', md);
    const f703 = run('PM703', md);
    expect(f702).toHaveLength(1);
    expect(f703).toHaveLength(1);
    for (const f of [...f702, ...f703]) {
      const json = JSON.stringify({ ...f, fix: undefined });
      expect(json).not.toContain(token);
      expect(json).not.toContain('Tr0ub4dor');
      expect(f.fix!.edits[0]!.newText).toBe('[REDACTED]');
    }
    const fixed = applyEdits(md, [...f702, ...f703].flatMap((x) => x.fix!.edits));
    expect(fixed).not.toContain(token);
    expect(run('PM702', fixed)).toEqual([]);
    expect(run('PM703', fixed)).toEqual([]);
  });

  it('PM704 finds customer emails and card numbers but not people fields or example domains', () => {
    const pii = `# Postmortem: Test\n\n**Author(s):** priya@acme.com\n\n## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n| 14:05 | Reported by jane.doe@gmail.com, card 4111 1111 1111 1111, see ops@example.com |\n| 14:06 | Request id 4111 1111 1111 1112 |\n`;
    expect(run('PM704', pii).map((x) => at(pii, x))).toEqual(['jane.doe@gmail.com', '4111 1111 1111 1111']);
  });
});

describe('robustness', () => {
  const fragments = ['# T\n', '## Root Cause\n', '## Action Items\n', '| Action | Owner | Due Date | Priority |\n', '|---|---|---|---|\n', '| a | b | c | d |\n', '- item\n', '```\n', '`', '[', ']', '(', ')', '<!--', '-->', '**', '\\|', '|', 'just ', 'Engineer ran ', 'should have ', 'TODO ', 'password: ', 'ghp_', '@bob ', '. ', '\n', ' ', 'é', '😀'];

  it('never throws on arbitrary markdown built from hostile fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 60 }), (parts) => {
        const md = parts.join('');
        const doc = parsePostmortem(md);
        for (const rule of rules.values()) {
          for (const f of rule.check({ doc, options: {} })) {
            expect(f.span.start.offset).toBeLessThanOrEqual(f.span.end.offset);
            expect(f.span.end.offset).toBeLessThanOrEqual(md.length);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('completes on long pathological lines', () => {
    const long = [
      `${HEAD}## Root Cause\n\n${'the engineer '.repeat(2500)}\n`,
      `${HEAD}## Root Cause\n\n${'a.'.repeat(15000)}\n`,
      `${HEAD}## What Went Well\n\n${'[x'.repeat(8000)}\n`,
      actions(...Array.from({ length: 250 }, (_, i) => `| Add alert ${i % 3} | @p | 2024-03-19 | P2 |`)),
      `${HEAD}## Root Cause\n\n${'<a '.repeat(8000)}\n`,
      `${HEAD}## Root Cause\n\n${'because the engineer; '.repeat(3000)}\n`,
      `${HEAD}## Root Cause\n\n${'is '.repeat(3000)}${'a'.repeat(20000)}ly ${'b'.repeat(20000)}\n`,
    ];
    for (const md of long) {
      const doc = parsePostmortem(md);
      for (const rule of rules.values()) expect(Array.isArray(rule.check({ doc, options: {} }))).toBe(true);
    }
  });
});
