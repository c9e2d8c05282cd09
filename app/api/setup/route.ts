import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { completeSetup, instructorCookie } from '@/lib/server/auth';
import { serverContext } from '@/lib/server/context';
import { handle, json, readJson } from '@/lib/server/http';
import { isSecure, requireSameOrigin } from '@/lib/server/session';

const body = z.object({
  token: z.string().min(1).max(200),
  name: z.string().max(200),
  password: z.string().max(500),
});

/** The one-time setup link's form: the first instructor sets a name and a password. */
export async function POST(request: NextRequest) {
  return handle(async () => {
    requireSameOrigin(request);
    const { store } = await serverContext();
    const input = await readJson(request, body);
    const outcome = await completeSetup(store, input.token, input.name, input.password);
    if (!outcome.ok) return json(outcome.status, { error: outcome.message });
    const cookie = await instructorCookie(store, outcome.instructor, isSecure(request));
    const response = json(201, {
      instructor: { id: outcome.instructor.id, name: outcome.instructor.name },
    });
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    return response;
  });
}
