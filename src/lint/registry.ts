/**
 * Every rule, as an explicit import list (one file per rule under src/lint/rules/). A test
 * (test/unit/lint/registry.test.ts) fails when a rule file in that folder is not listed here.
 */
import type { Rule } from './types.js';
import pm001 from './rules/pm001-required-sections.js';
import pm002 from './rules/pm002-section-order.js';
import pm003 from './rules/pm003-section-heading-canonical.js';
import pm004 from './rules/pm004-duplicate-section.js';
import pm005 from './rules/pm005-empty-section.js';
import pm006 from './rules/pm006-single-title.js';
import pm007 from './rules/pm007-summary-sentence-count.js';
import pm008 from './rules/pm008-lessons-sentence-count.js';
import pm009 from './rules/pm009-summary-quantified.js';
import pm101 from './rules/pm101-field-missing.js';
import pm102 from './rules/pm102-field-duplicate.js';
import pm103 from './rules/pm103-date-format.js';
import pm104 from './rules/pm104-duration-format.js';
import pm105 from './rules/pm105-severity-value.js';
import pm106 from './rules/pm106-status-value.js';
import pm107 from './rules/pm107-people-fields.js';
import pm108 from './rules/pm108-duration-matches-timeline.js';
import pm109 from './rules/pm109-status-consistency.js';
import pm201 from './rules/pm201-timeline-table.js';
import pm202 from './rules/pm202-timeline-time-format.js';
import pm203 from './rules/pm203-timeline-order.js';
import pm204 from './rules/pm204-timeline-utc.js';
import pm205 from './rules/pm205-timeline-rows.js';
import pm206 from './rules/pm206-timeline-factual.js';
import pm207 from './rules/pm207-timeline-coverage.js';
import pm301 from './rules/pm301-impact-bullets.js';
import pm302 from './rules/pm302-impact-quantified.js';
import pm303 from './rules/pm303-impact-explicit.js';
import pm401 from './rules/pm401-root-cause-human-error.js';
import pm402 from './rules/pm402-root-cause-person-as-cause.js';
import pm403 from './rules/pm403-counterfactual-language.js';
import pm404 from './rules/pm404-judgmental-language.js';
import pm405 from './rules/pm405-named-individual.js';
import pm406 from './rules/pm406-root-cause-substance.js';
import pm407 from './rules/pm407-contributing-factors-list.js';
import pm501 from './rules/pm501-action-table.js';
import pm502 from './rules/pm502-action-imperative.js';
import pm503 from './rules/pm503-action-vague-verb.js';
import pm504 from './rules/pm504-action-targets-people.js';
import pm505 from './rules/pm505-action-vague-object.js';
import pm506 from './rules/pm506-action-bounded.js';
import pm507 from './rules/pm507-action-owner-missing.js';
import pm508 from './rules/pm508-action-owner-collective.js';
import pm509 from './rules/pm509-action-owner-single.js';
import pm510 from './rules/pm510-action-due-format.js';
import pm511 from './rules/pm511-action-due-after-date.js';
import pm512 from './rules/pm512-action-due-horizon.js';
import pm513 from './rules/pm513-action-priority.js';
import pm514 from './rules/pm514-action-duplicate.js';
import pm515 from './rules/pm515-action-count.js';
import pm516 from './rules/pm516-action-priority-vs-severity.js';
import pm517 from './rules/pm517-action-tracking-ref.js';
import pm601 from './rules/pm601-vague-quantity.js';
import pm602 from './rules/pm602-emotive-adverb.js';
import pm603 from './rules/pm603-narrative-tense.js';
import pm604 from './rules/pm604-action-passive.js';
import pm605 from './rules/pm605-narrative-passive.js';
import pm606 from './rules/pm606-there-was.js';
import pm607 from './rules/pm607-vague-time.js';
import pm608 from './rules/pm608-sentence-length.js';
import pm609 from './rules/pm609-insensitive-language.js';
import pm610 from './rules/pm610-outage-wording.js';
import pm701 from './rules/pm701-template-placeholder.js';
import pm702 from './rules/pm702-secret-detected.js';
import pm703 from './rules/pm703-credential-assignment.js';
import pm704 from './rules/pm704-customer-pii.js';
import pm705 from './rules/pm705-directive-invalid.js';

export const RULES: readonly Rule[] = [
  pm001,
  pm002,
  pm003,
  pm004,
  pm005,
  pm006,
  pm007,
  pm008,
  pm009,
  pm101,
  pm102,
  pm103,
  pm104,
  pm105,
  pm106,
  pm107,
  pm108,
  pm109,
  pm201,
  pm202,
  pm203,
  pm204,
  pm205,
  pm206,
  pm207,
  pm301,
  pm302,
  pm303,
  pm401,
  pm402,
  pm403,
  pm404,
  pm405,
  pm406,
  pm407,
  pm501,
  pm502,
  pm503,
  pm504,
  pm505,
  pm506,
  pm507,
  pm508,
  pm509,
  pm510,
  pm511,
  pm512,
  pm513,
  pm514,
  pm515,
  pm516,
  pm517,
  pm601,
  pm602,
  pm603,
  pm604,
  pm605,
  pm606,
  pm607,
  pm608,
  pm609,
  pm610,
  pm701,
  pm702,
  pm703,
  pm704,
  pm705,
];
