import { sentenceCountRule } from '../rule-kit.js';

export default sentenceCountRule({
  id: 'PM008',
  alias: 'lessons-sentence-count',
  key: 'lessons',
  description: 'Lessons Learned has 2–3 sentences',
  rationale: 'Lessons are the insight that changes how things are done; a one-word bullet ("Test more.") is not an insight, and a long list dilutes the one that matters.',
  examples: {
    fail: ['## Lessons Learned\n\n- Test more.'],
    pass: ['## Lessons Learned\n\nConfiguration changes reach production without the gates code changes pass. We will treat config as code, with a canary stage.'],
  },
});
