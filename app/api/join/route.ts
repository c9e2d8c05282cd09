import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { studentCookie } from '@/lib/server/auth';
import { joinClass } from '@/lib/server/classes/students';
import { serverContext } from '@/lib/server/context';
import { handle, json, readJson } from '@/lib/server/http';
import { currentStudent, isSecure, requireSameOrigin } from '@/lib/server/session';

const body = z.object({ code: z.string().min(1).max(20), name: z.string().max(200) });

/** A student joins with the class's code and a display name; the same browser rejoining resumes. */
export async function POST(request: NextRequest) {
  return handle(async () => {
    requireSameOrigin(request);
    const { store } = await serverContext();
    const input = await readJson(request, body);
    const outcome = await joinClass(
      store,
      input.code,
      input.name,
      await currentStudent(store, request),
    );
    if (!outcome.ok) return json(outcome.status, { error: outcome.message });
    const response = json(outcome.resumed ? 200 : 201, {
      student: { id: outcome.student.id, name: outcome.student.display_name },
      class: { id: outcome.classId, name: outcome.className },
      resumed: outcome.resumed,
    });
    if (outcome.token) {
      const cookie = await studentCookie(
        store,
        { classId: outcome.classId, studentId: outcome.student.id, token: outcome.token },
        isSecure(request),
      );
      response.cookies.set(cookie.name, cookie.value, cookie.options);
    }
    return response;
  });
}
