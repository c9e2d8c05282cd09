/**
 * The identity of a set of course CSVs: a digest of their bytes, so the same files get the same key
 * wherever they are read from (`data/raw` on the server, files picked in a browser) and different
 * files never share one. Uses WebCrypto only, so Node and the browser compute the same value.
 */
import { COURSE_TABLES, type CourseTable } from './course-tables';

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The sha-256 of `bytes`, in hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}

/**
 * 16 hex digits from each course table's file digest (`sha256Hex` of the file as stored, gzipped
 * or not), in the tables' fixed order.
 */
export async function digestCourseFiles(
  fileDigests: Partial<Record<CourseTable, string>>,
): Promise<string> {
  const lines = COURSE_TABLES.map((table) => {
    const digest = fileDigests[table];
    if (!digest) throw new Error(`No digest for the ${table} file.`);
    return `${table} ${digest}\n`;
  });
  return (await sha256Hex(new TextEncoder().encode(lines.join('')))).slice(0, 16);
}
