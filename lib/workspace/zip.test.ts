import { describe, expect, it } from 'vitest';
import { crc32, zipTextFiles } from './zip';

/** Reads a stored (uncompressed) archive back through its central directory. */
function readZip(bytes: Uint8Array): Record<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out: Record<string, string> = {};
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    expect(view.getUint32(local, true)).toBe(0x04034b50);
    const start = local + 30 + view.getUint16(local + 26, true);
    const data = bytes.subarray(start, start + size);
    expect(crc32(data)).toBe(crc);
    out[name] = decoder.decode(data);
    at += 46 + nameLength;
  }
  return out;
}

describe('zip writer', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
  });

  it('stores every file under the folder, names and text in UTF-8', () => {
    const files = {
      'models/marts/fct_orders.sql': "select 'ação' as x\n",
      'dbt_project.yml': 'name: lab\n',
      'empty.sql': '',
    };
    const zip = zipTextFiles(files, 'incremental-lab', new Date(2026, 0, 2, 3, 4, 6));
    expect(readZip(zip)).toEqual({
      'incremental-lab/dbt_project.yml': 'name: lab\n',
      'incremental-lab/empty.sql': '',
      'incremental-lab/models/marts/fct_orders.sql': "select 'ação' as x\n",
    });
  });
});
