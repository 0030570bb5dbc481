/** The hand-written scanners of the hot mask rules find exactly what their regexes find. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASKS, type MaskRule, type Span } from '../../../src/timeline/patterns/masks.js';

function byScanner(rule: MaskRule, text: string): Array<[number, number]> {
  const codes = new Uint16Array(text.length + 2);
  for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
  const out: Array<[number, number]> = [];
  const span: Span = { start: 0, end: 0 };
  for (let from = 0; rule.find!(codes, text.length, from, span); from = span.end) {
    out.push([span.start, span.end]);
    if (span.end === span.start) break;
  }
  return out;
}

function byRegex(rule: MaskRule, text: string): Array<[number, number]> {
  return [...text.matchAll(new RegExp(rule.regex.source, rule.regex.flags))].map((m) => [m.index, m.index + m[0].length]);
}

const scanned = Object.values(MASKS).filter((rule) => rule.find);
const piece = fc.oneof(
  fc.constantFrom('0x1F', '0X', 'deadbeef', 'cafe1234', 'abcdef12', '12ab', '250ms', '1.5s', '3m', '2h30m', '1h', '10us', '7µs', '-42', '3.14', '1e9', '1_000', 'v1.2.3', '12:30', '5m30s', 'ms', 'x9'),
  fc.constantFrom(' ', '=', ':', '-', '.', '_', '/', ',', '(', ')', '"', 'é', '\uE000'),
  fc.string({ unit: 'grapheme-ascii', maxLength: 6 }),
  fc.integer({ min: -99999, max: 99999 }).map(String),
);

describe('mask scanners', () => {
  it('exist for the rules that run on nearly every line', () => {
    expect(scanned.map((r) => r.name).sort()).toEqual(['duration', 'hex', 'number']);
  });

  it.each(scanned.map((r) => [r.name, r] as const))('%s finds exactly what its regex finds', (_name, rule) => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(byScanner(rule, text)).toEqual(byRegex(rule, text));
      }),
      { numRuns: 4000 },
    );
  });
});
