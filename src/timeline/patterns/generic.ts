import type { MinerOptions } from './drain.js';
import { DEFAULT_MASKS } from './masks.js';

// The one configuration for logs nobody tuned for (bench/timeline-accuracy.ts measures it on LogHub).
// Whole dates are masked before numbers so `Fri Jun 17 07:07:00 2005` is one variable, not five that
// each cost similarity; `=` and `:` separate tokens so `uid=0` and `port:8080` expose their values.
// Depth 4 (one leading-token level, Drain3's default) because a deeper tree splits a template
// whenever its second word is a variable without digits, such as a user name.
export const GENERIC_MINER: Readonly<MinerOptions> = Object.freeze({
  simThreshold: 0.5,
  depth: 4,
  maxChildren: 100,
  maxClusters: 5000,
  masks: [...DEFAULT_MASKS],
  extraDelimiters: ['=', ':'],
  paramToken: '<*>',
});
