import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors.js';
import { ZipArchive, isZipMagic, type ZipLimits } from '../../../src/timeline/zip.js';
import { buildZip, type WriterEntry } from '../../fixtures/timeline/zip-writer.js';

const dir = mkdtempSync(path.join(tmpdir(), 'pm-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function writeZip(bytes: Buffer): string {
  const file = path.join(dir, `a${n++}.zip`);
  writeFileSync(file, bytes);
  return file;
}

async function openZip(bytes: Buffer, limits?: Partial<ZipLimits>): Promise<ZipArchive> {
  return ZipArchive.open(writeZip(bytes), { label: 'inputs[0] "export.zip"', field: 'inputs.0.path', limits });
}

async function readAll(entries: WriterEntry[], limits?: Partial<ZipLimits>): Promise<Map<string, string>> {
  const zip = await openZip(buildZip(entries), limits);
  try {
    const out = new Map<string, string>();
    for (const e of zip.entries) out.set(e.name, (await zip.read(e)).toString('utf8'));
    return out;
  } finally {
    await zip.close();
  }
}

async function readError(entries: WriterEntry[] | Buffer, limits?: Partial<ZipLimits>): Promise<UserInputError> {
  try {
    const bytes = Buffer.isBuffer(entries) ? entries : buildZip(entries);
    const zip = await openZip(bytes, limits);
    try {
      for (const e of zip.entries) await zip.read(e);
    } finally {
      await zip.close();
    }
  } catch (error) {
    expect(error).toBeInstanceOf(UserInputError);
    return error as UserInputError;
  }
  throw new Error('expected the archive to be refused');
}

describe('ZipArchive', () => {
  it('reads stored and deflated entries, past an archive comment', async () => {
    const json = JSON.stringify({ hello: 'world'.repeat(100) });
    const zip = await openZip(buildZip([{ name: 'a.json', data: json, method: 0 }, { name: 'dir/b.json', data: json, method: 8 }], { comment: 'exported by a test' }));
    try {
      expect(zip.entries.map((e) => [e.name, e.method])).toEqual([['a.json', 0], ['dir/b.json', 8]]);
      expect(zip.entries[1]!.compressedSize).toBeLessThan(json.length);
      expect((await zip.read(zip.find('a.json')!)).toString()).toBe(json);
      expect((await zip.read(zip.find('dir/b.json')!)).toString()).toBe(json);
    } finally {
      await zip.close();
    }
  });

  it('reads empty and non-ASCII entries', async () => {
    const out = await readAll([{ name: 'empty.json', data: '' }, { name: 'café/2024-03-05.json', data: '["ünïcode"]' }]);
    expect([...out]).toEqual([['empty.json', ''], ['café/2024-03-05.json', '["ünïcode"]']]);
  });

  it('marks names that could escape a folder as unsafe and never finds them', async () => {
    const zip = await openZip(buildZip(['../evil.json', '/etc/passwd', 'a\\b.json', 'C:/x.json', 'ok/../../x.json', 'fine.json'].map((name) => ({ name, data: '[]' }))));
    try {
      expect(zip.entries.filter((e) => e.safeName).map((e) => e.name)).toEqual(['fine.json']);
      expect(zip.find('../evil.json')).toBeUndefined();
    } finally {
      await zip.close();
    }
  });

  it('refuses a corrupted CRC, naming the input and entry', async () => {
    const err = await readError([{ name: 'channels.json', data: '[]', crc: 0x12345678 }]);
    expect(err.message).toMatch(/^inputs\[0\] "export\.zip" \(zip\) entry channels\.json: failed its CRC-32 check/);
    expect(err.field).toBe('inputs.0.path');
  });

  it('refuses encrypted entries and unsupported methods', async () => {
    expect((await readError([{ name: 'secret.json', data: '[]', flags: 1 }])).message).toMatch(/entry secret\.json: is encrypted/);
    expect((await readError([{ name: 'aes.json', data: '[]', method: 99 }])).message).toMatch(/entry aes\.json: is encrypted/);
    expect((await readError([{ name: 'b.json', data: '[]', method: 12 }])).message).toMatch(/entry b\.json: uses compression method 12; only stored \(0\) and deflate \(8\)/);
  });

  it('refuses a bomb by its declared ratio before inflating it', async () => {
    // 4 MiB of zeros deflate about 1028:1.
    const err = await readError([{ name: 'bomb.json', data: Buffer.alloc(4 << 20) }]);
    expect(err.message).toMatch(/entry bomb\.json: has a compression ratio above 1000:1/);
  });

  it('refuses an entry whose header understates its size (inflation is capped)', async () => {
    const err = await readError([{ name: 'liar.json', data: Buffer.alloc(64 << 10, 0x61), declaredSize: 1000 }]);
    expect(err.message).toMatch(/entry liar\.json: decompresses to more than its header declares/);
  });

  it('refuses entries over the per-entry and the total limit', async () => {
    const big = 'x'.repeat(3000);
    expect((await readError([{ name: 'big.json', data: big }], { maxEntryBytes: 2000 })).message).toMatch(/entry big\.json: would decompress to .* limit per entry/);
    const err = await readError(
      [
        { name: 'one.json', data: big },
        { name: 'two.json', data: big },
      ],
      { maxTotalBytes: 5000 },
    );
    expect(err.message).toMatch(/entry two\.json: would take the decompressed total above/);
  });

  it('refuses a huge declared size with the default limits without reading the data', async () => {
    const err = await readError([{ name: 'huge.json', data: 'x', method: 0, declaredSize: 300 * 1024 * 1024 }]);
    expect(err.message).toMatch(/entry huge\.json: would decompress to 300 MiB, above the 256 MiB limit per entry/);
  });

  it('refuses truncated archives', async () => {
    const whole = buildZip([{ name: 'a.json', data: '[1,2,3]'.repeat(50) }, { name: 'b.json', data: '[]' }]);
    for (const cut of [whole.length - 5, Math.floor(whole.length / 2), 10]) {
      expect((await readError(whole.subarray(0, cut))).message).toMatch(/^inputs\[0\] "export\.zip" \(zip\): is not a complete ZIP archive/);
    }
    expect((await readError(Buffer.alloc(0))).message).toMatch(/not a complete ZIP archive/);
  });

  it('refuses a corrupt deflate stream and a damaged local header', async () => {
    const bytes = buildZip([{ name: 'a.json', data: JSON.stringify({ a: 'b'.repeat(500), c: [1, 2, 3] }) }]);
    const broken = Buffer.from(bytes);
    // 0xff opens a deflate block of the reserved type 3, which inflate rejects.
    broken.fill(0xff, 30 + 'a.json'.length, 30 + 'a.json'.length + 6);
    expect((await readError(broken)).message).toMatch(/entry a\.json: could not be decompressed/);
    const noHeader = Buffer.from(bytes);
    noHeader.writeUInt32LE(0, 0);
    expect((await readError(noHeader)).message).toMatch(/entry a\.json: has no local file header/);
  });

  it('reads ZIP64 end records and ZIP64 entry sizes', async () => {
    const entries: WriterEntry[] = [
      { name: 'a.json', data: '[1]', zip64Sizes: true },
      { name: 'b.json', data: '[2]', method: 0 },
      { name: 'c.json', data: '[3]'.repeat(100), zip64Sizes: true },
    ];
    const bytes = buildZip(entries, { zip64: true, comment: 'big export' });
    const zip = await openZip(bytes);
    try {
      expect(zip.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([['a.json', 3], ['b.json', 3], ['c.json', 300]]);
      expect(zip.entries[2]!.localHeaderOffset).toBeGreaterThan(0);
      for (const e of entries) expect((await zip.read(zip.find(e.name)!)).toString()).toBe(e.data);
    } finally {
      await zip.close();
    }
  });

  it('refuses damaged ZIP64 records and split archives with a clear error', async () => {
    const saturated = buildZip([{ name: 'a.json', data: '[]' }]);
    saturated.writeUInt16LE(0xffff, saturated.length - 12);
    saturated.writeUInt32LE(0xffffffff, saturated.length - 6);
    expect((await readError(saturated)).message).toMatch(/says it is a ZIP64 archive but has no ZIP64 end record/);
    const zip64 = buildZip([{ name: 'a.json', data: '[]' }], { zip64: true });
    const badRecord = Buffer.from(zip64);
    badRecord.writeUInt32LE(0, zip64.length - 22 - 20 - 56);
    expect((await readError(badRecord)).message).toMatch(/has a damaged ZIP64 end record/);
    const missingSizes = buildZip([{ name: 'a.json', data: '[]', zip64Sizes: true }]);
    // Drop the ZIP64 extra from the central directory by zeroing its id.
    const cdStart = missingSizes.readUInt32LE(missingSizes.length - 6);
    missingSizes.writeUInt16LE(0x9999, cdStart + 46 + 'a.json'.length);
    expect((await readError(missingSizes)).message).toMatch(/entry a\.json lacks the ZIP64 sizes its header announces/);
    const split = buildZip([{ name: 'a.json', data: '[]' }]);
    split.writeUInt16LE(1, split.length - 18);
    expect((await readError(split)).message).toMatch(/split \(multi-disk\) archive/);
  });

  it('recognises the magic bytes', () => {
    expect(isZipMagic(buildZip([{ name: 'a', data: '' }]))).toBe(true);
    expect(isZipMagic('PK\u0003\u0004rest')).toBe(true);
    expect(isZipMagic('[{"ts":"1.2"}]')).toBe(false);
    expect(isZipMagic(Buffer.from('PK'))).toBe(false);
  });
});
