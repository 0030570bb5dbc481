// Character classes of the regexes that the hand-written scanners replace, so both agree exactly.

const SPACE = 1;
const DIGIT = 2;
const WORD = 4;
const HEX = 8;
// `[\w.\-@/]`, a logfmt key character.
const KEY = 16;

// Classes of the ASCII characters; every scanner runs over mostly ASCII text.
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  let k = 0;
  if (c === 32 || (c >= 9 && c <= 13)) k |= SPACE;
  if (c >= 48 && c <= 57) k |= DIGIT | WORD | HEX | KEY;
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) k |= WORD | KEY;
  if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) k |= HEX;
  if (c === 46 || c === 45 || c === 64 || c === 47) k |= KEY;
  ASCII[c] = k;
}

/** Code points that `\s` (and String.prototype.trim) treat as white space. */
export function isSpace(c: number): boolean {
  if (c < 128) return (ASCII[c]! & SPACE) !== 0;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `\d` without the `u` flag. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `\w` without the `u` flag. */
export function isWord(c: number): boolean {
  return c < 128 && (ASCII[c]! & WORD) !== 0;
}

/** `[0-9a-fA-F]`. */
export function isHex(c: number): boolean {
  return c < 128 && (ASCII[c]! & HEX) !== 0;
}

/** `[\w.\-@/]`. */
export function isLogfmtKeyChar(c: number): boolean {
  return c < 128 && (ASCII[c]! & KEY) !== 0;
}

/** What `.` does not match without the `s` flag. */
export function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}
