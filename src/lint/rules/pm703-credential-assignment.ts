import { findSecrets, REDACTED } from '../../redact/index.js';
import { sectionAt, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM703',
  alias: 'credential-assignment',
  description: 'No credential assignments (password, secret, api_key, token, client_secret = value) with a real-looking value',
  rationale:
    'A value assigned to a credential key in a pasted config or command is probably live. Placeholders (<redacted>, ${TOKEN}, ****, changeme, YOUR_API_KEY), variable references and low-entropy words are ignored. The fix replaces the value with [REDACTED].',
  tags: ['hygiene'],
  defaultSeverity: 'warning',
  recommended: true,
  fixable: 'auto',
  examples: {
    fail: ['## Root Cause\n\nThe job ran with `password: Summer2024!` from an old config file.'],
    pass: ['## Root Cause\n\nThe job ran with `password: <redacted>` from an old config file.'],
  },
  check({ doc }) {
    return findSecrets(doc.source)
      .filter((s) => s.ruleId === 'PM703')
      .map((s): Finding => ({
        message: `Credential value assigned in plain text (${s.label.replace(/ value$/, '')}); value redacted in this report, rotate it and replace it with ${REDACTED}`,
        span: spanOf(doc, s),
        section: sectionAt(doc, s.start)?.key ?? null,
        actual: s.kind,
        fix: { description: `Replace the value with ${REDACTED}`, edits: [{ start: s.start, end: s.end, newText: REDACTED }] },
      }));
  },
};

export default rule;
