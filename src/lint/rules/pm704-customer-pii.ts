import { REDACTED } from '../../redact/index.js';
import { sectionAt, spanOf, type TextRange } from '../text.js';
import type { Finding, Rule } from '../types.js';

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}(?![A-Za-z0-9-])/g;
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}|\(\d{3}\)\s?\d{3}[ .-]\d{4}|\d{3}-\d{3}-\d{4})(?![\w-])/g;
const CARD = /(?<![\d-])(?:[2-6]\d{3})(?:[ -]?\d{2,4}){3,4}(?![\d-])/g;
const SAFE_DOMAIN = /@(?:(?:[\w-]+\.)*example\.(?:com|org|net)|[\w.-]+\.(?:example|test|invalid|localhost|local|internal)|localhost)$/i;

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export const rule: Rule = {
  id: 'PM704',
  alias: 'customer-pii',
  description: 'No customer personal data: email addresses, phone numbers, card numbers (Luhn); opt-in',
  rationale:
    'Postmortems are shared beyond the people who may see customer data. Refer to customers by ticket number instead. Heuristic and opt-in: addresses in the people fields and example domains are ignored.',
  tags: ['hygiene'],
  defaultSeverity: 'info',
  recommended: false,
  fixable: 'suggestion',
  examples: {
    fail: ['## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n| 14:05 | Reported by jane.doe@gmail.com |'],
    pass: ['## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n| 14:05 | Reported by a customer (ticket #5521) |'],
  },
  check({ doc }) {
    const source = doc.source;
    const skip: TextRange[] = doc.fields.filter((f) => f.key === 'authors' || f.key === 'reviewers').map((f) => ({ start: f.span.start.offset, end: f.span.end.offset }));
    for (const row of doc.actionItems) if (row.owner) skip.push({ start: row.owner.span.start.offset, end: row.owner.span.end.offset });
    const skipped = (s: number) => skip.some((r) => s >= r.start && s < r.end);
    const findings: Finding[] = [];
    const report = (start: number, end: number, what: string) => {
      if (skipped(start)) return;
      findings.push({
        message: `Possible customer ${what}; refer to the customer by ticket number instead`,
        span: spanOf(doc, { start, end }),
        section: sectionAt(doc, start)?.key ?? null,
        actual: what,
        suggestion: { description: `Replace the ${what} with ${REDACTED}`, edits: [{ start, end, newText: REDACTED }] },
      });
    };
    for (const m of source.matchAll(EMAIL)) {
      if (SAFE_DOMAIN.test(m[0]) || /^(?:no-?reply|noreply|alerts?|oncall|on-call|ops|sre|support|security|team|git)@/i.test(m[0])) continue;
      report(m.index ?? 0, (m.index ?? 0) + m[0].length, 'email address');
    }
    for (const m of source.matchAll(PHONE)) {
      const digits = m[0].replace(/\D/g, '');
      if (digits.length < 9 || digits.length > 15) continue;
      report(m.index ?? 0, (m.index ?? 0) + m[0].length, 'phone number');
    }
    for (const m of source.matchAll(CARD)) {
      const digits = m[0].replace(/\D/g, '');
      if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits) || !luhn(digits)) continue;
      report(m.index ?? 0, (m.index ?? 0) + m[0].length, 'card number');
    }
    return findings.sort((a, b) => a.span.start.offset - b.span.start.offset);
  },
};

export default rule;
