/**
 * Seeds arrive as text (the browser has no file system for DuckDB to read), so the CSV is parsed
 * here: RFC 4180 quoting, CRLF or LF, a leading BOM ignored. Empty fields are `null`.
 */
import { ProjectError } from '../errors';

export interface CsvTable {
  header: string[];
  rows: (string | null)[][];
}

export function parseCsv(text: string, file: string, delimiter = ','): CsvTable {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: (string | null)[][] = [];
  let field = '';
  let quotedField = false;
  let record: (string | null)[] = [];
  let inQuotes = false;
  let line = 1;
  const endField = () => {
    record.push(field === '' && !quotedField ? null : field);
    field = '';
    quotedField = false;
  };
  const endRecord = () => {
    endField();
    if (!(record.length === 1 && record[0] === null)) records.push(record);
    record = [];
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      inQuotes = true;
      quotedField = true;
    } else if (ch === delimiter) endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else field += ch;
  }
  if (inQuotes)
    throw new ProjectError(
      `${file}: a quoted field opened before line ${line} is never closed`,
      file,
      line,
    );
  if (field !== '' || quotedField || record.length > 0) endRecord();
  const [header, ...rows] = records;
  if (!header)
    throw new ProjectError(`${file}: the seed file is empty (it needs a header row)`, file, 1);
  const names = header.map((h, i) => (h ?? '').trim() || `column_${i + 1}`);
  rows.forEach((row, index) => {
    if (row.length !== names.length) {
      throw new ProjectError(
        `${file}: row ${index + 2} has ${row.length} fields, the header has ${names.length}`,
        file,
        index + 2,
      );
    }
  });
  return { header: names, rows };
}
