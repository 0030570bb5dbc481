// Log template mining for gather_timeline (design/timeline.md §5): header stripping, masking,
// Drain clustering, and per-pattern statistics with novelty against a baseline window.
export { TemplateMiner, type MinerOptions, type MinerResult } from './patterns/drain.js';
export { DEFAULT_MASKS, MASKS, maskVariables, type MaskRule } from './patterns/masks.js';
export { HEADER_SCAN_CHARS, stripHeader, normalizeLevel, type StrippedLine, type HeaderStyle } from './patterns/header.js';
export { GENERIC_MINER } from './patterns/generic.js';
export {
  LogGrouper,
  truncateExample,
  type LogRecord,
  type GrouperOptions,
  type LogPattern,
  type ParamValue,
  type GrouperStats,
} from './patterns/grouper.js';
export { markNovelty } from './patterns/novelty.js';
