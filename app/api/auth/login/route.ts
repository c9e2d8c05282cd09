import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { hitRateLimit, instructorCookie, LOGIN_LIMIT, verifyLogin } from '@/lib/server/auth';
import { serverContext } from '@/lib/server/context';
import { handle, HttpError, json, readJson } from '@/lib/server/http';
import { clientAddress, isSecure, requireSameOrigin } from '@/lib/server/session';

const body = z.object({ name: z.string().max(200), password: z.string().max(500) });

export async function POST(request: NextRequest) {
  return handle(async () => {
    requireSameOrigin(request);
    const { store } = await serverContext();
    const input = await readJson(request, body);
    // Limited per address and per name, so neither a guessing client nor a guessed name gets far.
    for (const key of [
      `login:${clientAddress(request)}`,
      `login:${input.name.trim().toLowerCase()}`,
    ]) {
      const limit = await hitRateLimit(store, key, LOGIN_LIMIT);
      if (!limit.allowed)
        throw new HttpError(
          429,
          `Too many sign-in attempts: try again in ${limit.retryAfterSeconds} s.`,
          {
            'retry-after': String(limit.retryAfterSeconds),
          },
        );
    }
    const instructor = await verifyLogin(store, input.name, input.password);
    if (!instructor) return json(401, { error: 'Wrong name or password.' });
    const cookie = await instructorCookie(store, instructor, isSecure(request));
    const response = json(200, { instructor: { id: instructor.id, name: instructor.name } });
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    return response;
  });
}
