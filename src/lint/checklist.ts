/**
 * Review-readiness checklist (design/lint-rules.md §2.9): five yes/no answers a reviewer asks
 * before a postmortem meeting, derived from the rule findings so they cannot disagree with them.
 */
import type { ParsedPostmortem } from '../postmortem/parsed.js';
import type { Diagnostic, LintChecklist } from './types.js';

export type FindingsOf = (ruleId: string, filter?: (d: Diagnostic) => boolean) => Diagnostic[];

const clean = (findings: FindingsOf, ids: readonly string[], filter?: (d: Diagnostic) => boolean): boolean =>
  ids.every((id) => findings(id, filter).length === 0);

export function deriveChecklist(doc: ParsedPostmortem, findings: FindingsOf): LintChecklist {
  const rows = doc.model.timeline;
  return {
    timelineEvidence: rows.length > 0 && rows.every((r) => (r.source ?? '').trim() !== ''),
    impactQuantified: clean(findings, ['PM301', 'PM302', 'PM303']),
    rootCauseSystemic:
      doc.model.rootCause !== undefined &&
      clean(findings, ['PM401', 'PM402', 'PM406']) &&
      clean(findings, ['PM403'], (d) => d.section === 'rootCause'),
    actionItemsActionable:
      doc.model.actionItems.length > 0 && clean(findings, ['PM501', 'PM502', 'PM503', 'PM504', 'PM505', 'PM506', 'PM507', 'PM508', 'PM510']),
    reviewersListed: doc.model.reviewers.length > 0 && clean(findings, ['PM107']),
  };
}
