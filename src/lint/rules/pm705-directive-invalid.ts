import { defineRule } from '../rule-kit.js';

/**
 * The engine reports this rule's findings itself (src/lint/engine.ts): whether a directive was used
 * is only known after every other rule has run.
 */
export default defineRule({
  id: 'PM705',
  alias: 'directive-invalid',
  description: 'Inline directives name known rules, suppress something, and give a `-- reason`',
  rationale:
    'A directive that names a rule that does not exist suppresses nothing and hides a typo; an unused one outlives the problem it was for; one without a reason cannot be reviewed. (Set `{ PM705: { requireReason: false } }` in rule options to allow directives without a reason.)',
  tags: ['hygiene'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'none',
  examples: {
    fail: ['<!-- postmortem-lint disable PM999 -->', '<!-- postmortem-lint disable-next-line PM605 -->'],
    pass: ['<!-- postmortem-lint disable-next-line PM605 -- quoting the customer email verbatim -->'],
  },
  check() {
    return [];
  },
});
