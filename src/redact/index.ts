/**
 * Secret detection and masking, shared by lint (PM702/PM703), gather_timeline and save_to_bookstack.
 * A finding never carries the secret itself, only where it is and what kind it looks like.
 * The patterns live in ./patterns.ts.
 */
import { ASSIGNMENT, ASSIGNMENT_HINT, isCredentialKey, looksLikeCredentialValue, SECRET_PATTERNS } from './patterns.js';

export { shannonEntropy, isCredentialKey, looksLikeCredentialValue } from './patterns.js';

export interface SecretFinding {
  /** Stable kind id, e.g. `github-token`, `aws-access-key`, `credential-assignment`. */
  kind: string;
  /** Human label without the value: "GitHub token". */
  label: string;
  /** PM702 for known token formats, PM703 for high-entropy credential assignments. */
  ruleId: 'PM702' | 'PM703';
  /** UTF-16 offsets of the secret value only (what gets replaced), end exclusive. */
  start: number;
  end: number;
}

export const REDACTED = '[REDACTED]';

interface Candidate extends SecretFinding {
  priority: number;
}

function collect(text: string): Candidate[] {
  const candidates: Candidate[] = [];
  const lower = text.toLowerCase();
  SECRET_PATTERNS.forEach((pattern, priority) => {
    if (!pattern.hints.some((h) => lower.includes(h))) return;
    for (const m of text.matchAll(pattern.regex)) {
      const group = pattern.group ?? 0;
      const value = m[group];
      if (!value || value === REDACTED || value.includes(REDACTED)) continue;
      if (pattern.validate && !pattern.validate(value)) continue;
      const start = (m.index ?? 0) + (group === 0 ? 0 : m[0].lastIndexOf(value));
      candidates.push({ kind: pattern.kind, label: pattern.label, ruleId: 'PM702', start, end: start + value.length, priority });
    }
  });
  const assignmentPriority = SECRET_PATTERNS.length;
  if (!ASSIGNMENT_HINT.test(text)) return candidates;
  for (const m of text.matchAll(ASSIGNMENT)) {
    const key = m[1]!;
    const quote = m[2]!;
    let value = m[3]!;
    if (!isCredentialKey(key)) continue;
    // A closing quote or trailing bracket belongs to the syntax around the value, not to it.
    if (quote) value = value.replace(/[)\]}>]+$/, '');
    else value = value.replace(/[)\]}>.]+$/, '');
    if (!looksLikeCredentialValue(value)) continue;
    const start = (m.index ?? 0) + m[0].length - m[3]!.length;
    candidates.push({ kind: 'credential-assignment', label: `${key} value`, ruleId: 'PM703', start, end: start + value.length, priority: assignmentPriority });
  }
  return candidates;
}

export function findSecrets(text: string): SecretFinding[] {
  const candidates = collect(text).sort((a, b) => a.start - b.start || a.priority - b.priority || b.end - a.end);
  const findings: SecretFinding[] = [];
  let lastEnd = -1;
  // Sorted by start then priority: at a shared start the known format wins over an assignment.
  for (const c of candidates) {
    if (c.start < lastEnd) continue;
    findings.push(c);
    lastEnd = c.end;
  }
  return findings.map(({ kind, label, ruleId, start, end }) => ({ kind, label, ruleId, start, end }));
}

export function containsSecret(text: string): boolean {
  return findSecrets(text).length > 0;
}

/** A description safe to show: kind and length only, never any character of the value. */
export function describeSecret(finding: SecretFinding): string {
  return `${finding.label} (${finding.end - finding.start} characters)`;
}

export interface RedactResult {
  text: string;
  count: number;
  kinds: string[];
}

export function redact(text: string): RedactResult {
  const findings = findSecrets(text);
  if (findings.length === 0) return { text, count: 0, kinds: [] };
  let out = '';
  let last = 0;
  for (const f of findings) {
    out += text.slice(last, f.start) + REDACTED;
    last = f.end;
  }
  out += text.slice(last);
  return { text: out, count: findings.length, kinds: [...new Set(findings.map((f) => f.kind))] };
}
