import { findSecrets, REDACTED } from '../../redact/index.js';
import { sectionAt, spanOf } from '../text.js';
import type { Finding, Rule } from '../types.js';

export const rule: Rule = {
  id: 'PM702',
  alias: 'secret-detected',
  description: 'No pasted secrets: cloud keys, GitHub/GitLab/Slack/npm/Stripe/OpenAI/Anthropic tokens, JWTs, private keys, URL passwords, Authorization headers',
  rationale:
    'A postmortem is shared widely and archived; a token pasted from a log stays valid until revoked. Code blocks are checked too, since that is where secrets usually are. The message never repeats the value; the fix replaces it with [REDACTED]. Revoke the secret as well: redacting the document does not.',
  tags: ['hygiene'],
  defaultSeverity: 'error',
  recommended: true,
  fixable: 'auto',
  examples: {
    fail: ['## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n| 14:05 | Connected with `postgres://app:Hunter2@db:5432/app` |'],
    pass: ['## Timeline\n\n| Time (UTC) | Event |\n|---|---|\n| 14:05 | Connected with `postgres://app:[REDACTED]@db:5432/app` |'],
  },
  check({ doc }) {
    return findSecrets(doc.source)
      .filter((s) => s.ruleId === 'PM702')
      .map((s): Finding => ({
        message: `Possible ${s.label}; value redacted in this report, revoke it and replace it with ${REDACTED}`,
        span: spanOf(doc, s),
        section: sectionAt(doc, s.start)?.key ?? null,
        actual: s.kind,
        fix: { description: `Replace the ${s.label} with ${REDACTED}`, edits: [{ start: s.start, end: s.end, newText: REDACTED }] },
      }));
  },
};

export default rule;
