import type { NextRequest } from 'next/server';
import { clearedCookie } from '@/lib/server/auth';
import { handle, json } from '@/lib/server/http';
import { INSTRUCTOR_COOKIE, isSecure, requireSameOrigin } from '@/lib/server/session';

export async function POST(request: NextRequest) {
  return handle(async () => {
    requireSameOrigin(request);
    const response = json(200, { ok: true });
    const cookie = clearedCookie(INSTRUCTOR_COOKIE, isSecure(request));
    response.cookies.set(cookie.name, cookie.value, cookie.options);
    return response;
  });
}
