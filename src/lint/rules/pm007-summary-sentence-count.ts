import { sentenceCountRule } from '../rule-kit.js';

export default sentenceCountRule({
  id: 'PM007',
  alias: 'summary-sentence-count',
  key: 'summary',
  description: 'Executive Summary has 2–3 sentences',
  rationale: 'The summary is written for people who read nothing else: what broke, for how long, and the impact. One sentence leaves something out; six is no longer a summary.',
  examples: {
    fail: ['## Executive Summary\n\nThe checkout API had problems.'],
    pass: ['## Executive Summary\n\nThe checkout API returned HTTP 500 for 47 minutes. About 12% of checkout attempts failed. A config push removed the connection pool limit.'],
  },
});
