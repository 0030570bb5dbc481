/**
 * The text block of five_whys: enough on its own for a model to continue (some clients forward
 * only the text): verdict, depth and branches, the tree with ids, every finding, and either the next
 * question (with the parent id to answer it under) or the sections ready for draft_postmortem.
 */
import { truncate } from './language.js';
import type { WhysAnalysis } from './types.js';

const ANSWER_CHARS = 300;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function renderWhysText(analysis: WhysAnalysis): string {
  const { summary } = analysis;
  const lines: string[] = [];
  const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning'), ...(summary.infos ? [plural(summary.infos, 'info', 'infos')] : [])].join(', ');
  lines.push(
    `five_whys verdict: ${analysis.verdict} (depth ${analysis.depth}, minimum ${analysis.minDepth}; ${plural(analysis.branches, 'branch', 'branches')}; ${counts})`,
  );
  lines.push('', 'Tree (id: answer [evidence]; leaves show their gap type):', `problem: ${truncate(analysis.problem, ANSWER_CHARS)}`);
  const roots = new Map(analysis.rootCauses.map((r) => [r.whyId, r]));
  for (const node of analysis.nodes) {
    const long = node.answerChars > ANSWER_CHARS ? ` (${node.answerChars} characters)` : '';
    const evidence = node.evidence.length > 0 ? ` [evidence: ${node.evidence.slice(0, 5).join(', ')}${node.evidence.length > 5 ? ', …' : ''}]` : ' [no evidence]';
    const root = roots.get(node.id);
    const leaf = root ? ` <- leaf, gap: ${root.personShaped ? 'none (ends at a person)' : root.gapType} (${root.reason})` : '';
    lines.push(`${'  '.repeat(node.depth)}${node.id}: ${node.answer}${long}${evidence}${leaf}`);
  }
  lines.push('', analysis.findings.length > 0 ? 'Findings:' : 'Findings: none.');
  for (const f of analysis.findings) {
    lines.push(`- ${f.whyId} ${f.severity} ${f.ruleId} ${f.alias}: ${f.message}${f.suggestion ? ` Suggestion: ${f.suggestion}` : ''}`);
  }
  if (analysis.verdict === 'needs_work') {
    lines.push(
      '',
      `Next question (call five_whys again with all whys plus the answer, parent "${analysis.nextQuestionFor}"):`,
      analysis.nextQuestion ?? '',
    );
  } else {
    lines.push('', 'Root causes:');
    for (const r of analysis.rootCauses) lines.push(`- ${r.whyId} (${r.gapType}: ${r.reason}): ${truncate(r.statement, ANSWER_CHARS)}`);
    lines.push('', 'Root Cause section (pass as draft_postmortem rootCause):', analysis.rootCauseSection ?? '');
    lines.push('', 'Contributing factors (pass as draft_postmortem contributingFactors):');
    if ((analysis.contributingFactors ?? []).length === 0) lines.push('- none beyond the root cause; add what slowed detection or response from the timeline');
    for (const c of analysis.contributingFactors ?? []) lines.push(`- ${c}`);
  }
  if (analysis.actionHints.length > 0) {
    lines.push('', 'Action hints (add an owner, a YYYY-MM-DD due date and a priority):');
    for (const h of analysis.actionHints) lines.push(`- ${h.whyId} ${h.gapType}: ${h.hint}`);
  }
  if (analysis.redactions > 0) lines.push('', `${plural(analysis.redactions, 'secret')} masked as [REDACTED] in this result.`);
  return lines.join('\n');
}
