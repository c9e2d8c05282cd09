/**
 * A byte-level check that a CSV file is complete, for what DuckDB's reader cannot see: a cut-off file
 * whose last line still parses (say `SP` cut to `S`), or a gzip stream that ends early (DuckDB reads
 * what is there). Uses only web APIs (`DecompressionStream`), so it runs in Node and in the browser.
 */
import { RawDataError } from './raw-data-error';

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Last byte of the decompressed stream; throws when the gzip stream is damaged or cut off. */
async function lastGunzippedByte(bytes: Uint8Array, file: string): Promise<number | undefined> {
  const stream = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  let last: number | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return last;
      if (value.length > 0) last = value[value.length - 1];
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RawDataError(
      `${file}: the gzip data is incomplete or damaged (${reason}); download the file again.`,
      file,
    );
  }
}

/** Throws a RawDataError unless the (possibly gzipped) CSV bytes end with a complete line. */
export async function checkCsvComplete(bytes: Uint8Array, file: string): Promise<void> {
  if (bytes.length === 0) throw new RawDataError(`${file}: the file is empty.`, file);
  const last = isGzip(bytes) ? await lastGunzippedByte(bytes, file) : bytes[bytes.length - 1];
  if (last === undefined) throw new RawDataError(`${file}: the file is empty.`, file);
  if (last !== 0x0a) {
    throw new RawDataError(
      `${file}: the last line does not end with a line break: the file looks cut off; ` +
        'download or export it again.',
      file,
    );
  }
}
