/**
 * A small read-only ZIP reader for exported evidence (Slack workspace exports). Entries are read
 * into memory one at a time and never written to disk, so names are only matched, never used as
 * paths. Hostile archives are expected: sizes are checked before inflating, inflation is capped at
 * the declared size, every entry's CRC-32 is verified, and a per-entry and a total budget bound the
 * memory a crafted archive (a zip bomb, overlapping entries) can make us use. ZIP64 end records and
 * sizes are read (a large workspace export can hold more than 65,535 day files); split archives are not.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { UserInputError } from '../errors.js';

export const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export interface ZipLimits {
  /** Largest decompressed entry. */
  maxEntryBytes: number;
  /** Largest sum of decompressed bytes read from one archive. */
  maxTotalBytes: number;
  /** Highest compressed:decompressed ratio accepted for entries above `ratioCheckBytes`. */
  maxRatio: number;
  ratioCheckBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 256 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  maxRatio: 1000,
  ratioCheckBytes: 1024 * 1024,
};

/** Only bounds memory for the directory itself; a Slack export of 200k day files needs ~20 MB. */
const MAX_CENTRAL_DIRECTORY_BYTES = 128 * 1024 * 1024;
const MAX_ENTRIES = 1_000_000;

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const EOCD_SIZE = 22;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIZE = 56;
const ZIP64_EXTRA_ID = 0x0001;
const MAX_COMMENT = 0xffff;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
const METHOD_AES = 99;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** False for names that could escape a folder if extracted (`..`, absolute, backslashes). */
  safeName: boolean;
}

export interface ZipOpenOptions {
  /** The input's label for messages, e.g. `inputs[0] "export.zip"`. */
  label: string;
  /** The input field at fault, e.g. `inputs.0.path`. */
  field: string;
  limits?: Partial<ZipLimits>;
}

function isSafeName(name: string): boolean {
  if (name === '' || name.includes('\\') || name.includes('\u0000')) return false;
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return false;
  return !name.split('/').includes('..');
}

/** Entry names appear in messages: keep them printable and short. */
function shownName(name: string): string {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 120 ? `${clean.slice(0, 117)}...` : clean;
}

export class ZipArchive {
  readonly entries: readonly ZipEntry[];
  private readonly limits: ZipLimits;
  private totalRead = 0;

  private constructor(
    private readonly fh: FileHandle,
    private readonly size: number,
    entries: ZipEntry[],
    private readonly options: ZipOpenOptions,
  ) {
    this.entries = entries;
    this.limits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
  }

  /** Opens the archive and reads its central directory; close() it when done. */
  static async open(filePath: string, options: ZipOpenOptions): Promise<ZipArchive> {
    const fh = await open(filePath, 'r');
    try {
      const { size } = await fh.stat();
      const entries = await readCentralDirectory(fh, size, options);
      return new ZipArchive(fh, size, entries, options);
    } catch (error) {
      await fh.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  /** The first entry with this exact name (a later duplicate is ignored), among the safe names. */
  find(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.safeName && e.name === name);
  }

  private fail(entry: ZipEntry | undefined, problem: string): UserInputError {
    const where = entry ? ` entry ${shownName(entry.name)}` : '';
    return new UserInputError(`${this.options.label} (zip)${where}: ${problem}.`, { field: this.options.field });
  }

  /** The entry's decompressed bytes, after the size, ratio and CRC-32 checks. */
  async read(entry: ZipEntry): Promise<Buffer> {
    if (entry.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION) || entry.method === METHOD_AES) {
      throw this.fail(entry, 'is encrypted, which is not supported; export the workspace again without a password');
    }
    if (entry.method !== METHOD_STORED && entry.method !== METHOD_DEFLATE) {
      throw this.fail(entry, `uses compression method ${entry.method}; only stored (0) and deflate (8) are supported, so re-create the archive with plain zip`);
    }
    const { maxEntryBytes, maxTotalBytes, maxRatio, ratioCheckBytes } = this.limits;
    if (entry.uncompressedSize > maxEntryBytes) {
      throw this.fail(entry, `would decompress to ${mib(entry.uncompressedSize)}, above the ${mib(maxEntryBytes)} limit per entry; split the export`);
    }
    if (this.totalRead + entry.uncompressedSize > maxTotalBytes) {
      throw this.fail(entry, `would take the decompressed total above the ${mib(maxTotalBytes)} limit per archive; export a narrower date range`);
    }
    if (entry.uncompressedSize > ratioCheckBytes && entry.uncompressedSize > entry.compressedSize * maxRatio) {
      throw this.fail(entry, `has a compression ratio above ${maxRatio}:1, which looks like a zip bomb; the archive was refused`);
    }
    if (entry.method === METHOD_STORED && entry.compressedSize !== entry.uncompressedSize) {
      throw this.fail(entry, 'is stored uncompressed but its two sizes differ, so the archive is corrupt; download the export again');
    }
    const data = await this.readCompressed(entry);
    let out: Buffer;
    if (entry.method === METHOD_STORED) out = data;
    else {
      try {
        // The cap is the declared size: an entry that inflates past what its header claims is lying.
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'ERR_BUFFER_TOO_LARGE') throw this.fail(entry, 'decompresses to more than its header declares (a zip bomb or a corrupt archive); the archive was refused');
        throw this.fail(entry, 'could not be decompressed (the deflate data is corrupt or cut short); download the export again');
      }
    }
    if (out.length !== entry.uncompressedSize) {
      throw this.fail(entry, `decompressed to ${out.length} bytes instead of the declared ${entry.uncompressedSize}, so the archive is corrupt; download the export again`);
    }
    if ((crc32(out) >>> 0) !== entry.crc32) {
      throw this.fail(entry, 'failed its CRC-32 check, so the archive is corrupt; download the export again');
    }
    this.totalRead += out.length;
    return out;
  }

  private async readCompressed(entry: ZipEntry): Promise<Buffer> {
    const header = await readAt(this.fh, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== SIG_LOCAL) {
      throw this.fail(entry, 'has no local file header where the central directory points, so the archive is corrupt or truncated; download the export again');
    }
    // The local name and extra lengths can differ from the central directory's copy.
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (start + entry.compressedSize > this.size) {
      throw this.fail(entry, 'runs past the end of the file, so the archive is truncated; download the export again');
    }
    const data = await readAt(this.fh, start, entry.compressedSize);
    if (data.length !== entry.compressedSize) throw this.fail(entry, 'is cut short, so the archive is truncated; download the export again');
    return data;
  }
}

function u64(buf: Buffer, offset: number, fail: (problem: string) => UserInputError): number {
  const v = buf.readBigUInt64LE(offset);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw fail('has a ZIP64 size or offset beyond 2^53, so the archive is corrupt; download the export again');
  return Number(v);
}

function findExtra(extra: Buffer, id: number): Buffer | undefined {
  for (let p = 0; p + 4 <= extra.length; ) {
    const size = extra.readUInt16LE(p + 2);
    if (extra.readUInt16LE(p) === id) return extra.subarray(p + 4, Math.min(extra.length, p + 4 + size));
    p += 4 + size;
  }
  return undefined;
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1048576)} MiB`;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buf.subarray(0, done);
}

async function readCentralDirectory(fh: FileHandle, size: number, options: ZipOpenOptions): Promise<ZipEntry[]> {
  const fail = (problem: string) => new UserInputError(`${options.label} (zip): ${problem}.`, { field: options.field });
  const truncated = 'is not a complete ZIP archive (no end-of-central-directory record; the file may be truncated), so download or copy the export again';
  if (size < EOCD_SIZE) throw fail(truncated);
  // The record sits at the very end, after a comment of up to 64 KiB: search backwards for it.
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tailStart = size - tailLength;
  const tail = await readAt(fh, tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw fail(truncated);
  let disk = tail.readUInt16LE(eocd + 4);
  let cdDisk = tail.readUInt16LE(eocd + 6);
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  // Where the central directory must end: at the ZIP64 record when there is one, else at the EOCD.
  let cdLimit = tailStart + eocd;
  const locator = eocd >= ZIP64_LOCATOR_SIZE && tail.readUInt32LE(eocd - ZIP64_LOCATOR_SIZE) === SIG_ZIP64_LOCATOR ? eocd - ZIP64_LOCATOR_SIZE : -1;
  if (locator >= 0) {
    // Over 65,535 entries or 4 GiB: the real counts and offsets are in the ZIP64 end record.
    const recordOffset = u64(tail, locator + 8, fail);
    if (tail.readUInt32LE(locator + 16) > 1) throw fail('is one part of a split (multi-disk) archive; join the parts into one ZIP file first');
    if (recordOffset + ZIP64_EOCD_SIZE > tailStart + locator) throw fail('has a ZIP64 end record that points past its end, so the archive is corrupt or truncated; download the export again');
    const record = await readAt(fh, recordOffset, ZIP64_EOCD_SIZE);
    if (record.length < ZIP64_EOCD_SIZE || record.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw fail('has a damaged ZIP64 end record, so the archive is corrupt; download the export again');
    disk = record.readUInt32LE(16);
    cdDisk = record.readUInt32LE(20);
    count = u64(record, 32, fail);
    cdSize = u64(record, 40, fail);
    cdOffset = u64(record, 48, fail);
    cdLimit = recordOffset;
  } else if (count === 0xffff && (cdSize === 0xffffffff || cdOffset === 0xffffffff)) {
    throw fail('says it is a ZIP64 archive but has no ZIP64 end record, so it is corrupt or truncated; download the export again');
  }
  if (disk !== 0 || cdDisk !== 0) throw fail('is one part of a split (multi-disk) archive; join the parts into one ZIP file first');
  if (count > MAX_ENTRIES) throw fail(`has ${count} entries, above the limit of ${MAX_ENTRIES}; export a narrower date range or fewer channels`);
  if (cdSize > MAX_CENTRAL_DIRECTORY_BYTES) throw fail(`has a central directory of ${mib(cdSize)}, above the ${mib(MAX_CENTRAL_DIRECTORY_BYTES)} limit; export fewer channels or a narrower date range`);
  if (cdOffset + cdSize > cdLimit) throw fail('has a central directory that points past its end, so the archive is corrupt or truncated; download the export again');
  const cd = await readAt(fh, cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p < cd.length) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) throw fail('has a damaged central directory, so the archive is corrupt; download the export again');
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let uncompressedSize = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let localHeaderOffset = cd.readUInt32LE(p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) throw fail('has a damaged central directory, so the archive is corrupt; download the export again');
    // Names are UTF-8 (flag bit 11) in the exports we read; other encodings only cost a match.
    const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      // The ZIP64 extra field holds, in this order, only the values whose 32-bit field is saturated.
      const extra = findExtra(cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), ZIP64_EXTRA_ID);
      let q = 0;
      const next = (): number => {
        if (!extra || q + 8 > extra.length) throw fail(`entry ${shownName(name)} lacks the ZIP64 sizes its header announces, so the archive is corrupt; download the export again`);
        const v = u64(extra, q, fail);
        q += 8;
        return v;
      };
      if (uncompressedSize === 0xffffffff) uncompressedSize = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
    }
    entries.push({ name, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset, safeName: isSafeName(name) });
    if (entries.length > MAX_ENTRIES) throw fail(`has more than ${MAX_ENTRIES} entries; export a narrower date range or fewer channels`);
    p = end;
  }
  if (entries.length !== count) throw fail(`lists ${entries.length} entries but its end record says ${count}, so the archive is corrupt; download the export again`);
  return entries;
}

/** True when the buffer starts with a ZIP local file header (the first entry of a normal archive). */
export function isZipMagic(head: Buffer | string): boolean {
  if (typeof head === 'string') return head.startsWith('PK\u0003\u0004');
  return head.length >= 4 && head.subarray(0, 4).equals(ZIP_MAGIC);
}
