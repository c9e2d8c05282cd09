import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkCsvComplete } from './file-check';
import { RawDataError } from './raw-data-error';

const csv = '"a","b"\n1,2\n3,4\n';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('checkCsvComplete (bytes in memory, as the browser has them)', () => {
  it('accepts complete plain and gzipped files', async () => {
    await expect(checkCsvComplete(bytes(csv), 'x.csv')).resolves.toBeUndefined();
    await expect(checkCsvComplete(gzipSync(bytes(csv)), 'x.csv.gz')).resolves.toBeUndefined();
  });

  it('rejects a plain file cut inside its last line', async () => {
    await expect(checkCsvComplete(bytes(csv.slice(0, -2)), 'x.csv')).rejects.toThrow(
      /^x\.csv: the last line does not end with a line break/,
    );
  });

  it('rejects a cut-off gzip stream and an empty file', async () => {
    const gz = gzipSync(bytes(csv.repeat(2000)));
    const error = await checkCsvComplete(gz.subarray(0, gz.length - 20), 'x.csv.gz').catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(RawDataError);
    expect((error as RawDataError).message).toMatch(
      /^x\.csv\.gz: the gzip data is incomplete or damaged/,
    );
    await expect(checkCsvComplete(new Uint8Array(), 'x.csv')).rejects.toThrow(/empty/);
  });
});
