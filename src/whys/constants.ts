/** Constants the five_whys tool schema needs, kept apart so the schema loads without the checks. */
export const GAP_TYPES = ['guardrail', 'detection', 'process', 'capacity', 'dependency', 'knowledge', 'other'] as const;
export type GapType = (typeof GAP_TYPES)[number];

/** Upper bound on answers in one call: a tree this large is no longer a 5-whys. */
export const MAX_WHYS = 100;
