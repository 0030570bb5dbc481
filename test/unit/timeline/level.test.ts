import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessLevel } from '../../../src/timeline/event.js';

// The specification guessLevel implements as a scanner: the first whole level word, ASCII case
// folded, in the first 400 characters.
const LEVEL_IN_TEXT = /\b(FATAL|PANIC|CRIT(?:ICAL)?|ERROR|ERR|EXCEPTION|FAIL(?:ED|URE)?|WARN(?:ING)?|INFO|DEBUG|TRACE)\b/i;

function byRegex(line: string): string | undefined {
  const m = LEVEL_IN_TEXT.exec(line.slice(0, 400));
  if (!m) return undefined;
  const w = m[1]!.toUpperCase();
  if (w.startsWith('FATAL') || w.startsWith('PANIC') || w.startsWith('CRIT')) return 'critical';
  if (w.startsWith('ERR') || w.startsWith('EXCEPTION') || w.startsWith('FAIL')) return 'error';
  if (w.startsWith('WARN')) return 'warning';
  if (w === 'DEBUG' || w === 'TRACE') return 'debug';
  return 'info';
}

const WORDS = ['error', 'ERR', 'Errors', 'failed', 'FAILURE', 'fails', 'warn', 'Warning', 'warned', 'info', 'INFO:', 'debug', 'trace', 'crit', 'critical', 'fatal', 'panic', 'exception', 'Exception:', 'xerror', 'error_', 'err0', 'ok', 'ſerror', 'ERRÖR', 'ERROR1'];

describe('guessLevel', () => {
  it('reads the first whole level word', () => {
    expect(guessLevel('2026-03-05 14:00:01 WARN pool at 90%, error budget fine')).toBe('warning');
    expect(guessLevel('request failed: upstream timeout')).toBe('error');
    expect(guessLevel('errors=0 warnings=0 all good')).toBeUndefined();
    expect(guessLevel(`${'x'.repeat(398)} ERROR`)).toBeUndefined();
    expect(guessLevel(`${'x '.repeat(197)} ERROR`)).toBe('error');
  });

  it('agrees with the reference regex on any line, including a word cut at the 400th character', () => {
    const piece = fc.oneof(
      fc.constantFrom(...WORDS),
      fc.string({ maxLength: 8 }),
      fc.constantFrom(' ', '_', '-', '[', ']', '=', ':', '\t', 'é', '\u017f'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 0, max: 420 }), (pieces, pad) => {
        const line = ' '.repeat(pad % 2 === 0 ? 0 : pad) + pieces.join('');
        expect(guessLevel(line)).toBe(byRegex(line));
      }),
      { numRuns: 3000 },
    );
  });
});
