/**
 * What every route does at its boundary: read a body within a size limit, validate it with zod,
 * and answer JSON with the right status (401/403/404/413/422/429), never a 500 for bad input.
 */
import { NextResponse } from 'next/server';
import type { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return NextResponse.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** The body as text, refused with 413 beyond `maxBytes` (declared or actual). */
async function readLimited(request: Request, maxBytes: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new HttpError(413, `The request body is over ${maxBytes} bytes.`);
  const reader = request.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new HttpError(413, `The request body is over ${maxBytes} bytes.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON body, checked against `schema`: 400 for broken JSON, 422 naming the bad fields. */
export async function readJson<T extends z.ZodType>(
  request: Request,
  schema: T,
  maxBytes = 64 * 1024,
): Promise<z.infer<T>> {
  const text = await readLimited(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new HttpError(
      422,
      parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; '),
    );
  return parsed.data;
}

/** Runs a handler, turning HttpErrors into their JSON answer and anything else into a logged 500. */
export async function handle(work: () => Promise<Response>): Promise<Response> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpError)
      return json(error.status, { error: error.message }, error.headers);
    console.error('request failed:', error);
    return json(500, { error: 'The server could not complete this request.' });
  }
}
