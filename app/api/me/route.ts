import type { NextRequest } from 'next/server';
import { serverContext } from '@/lib/server/context';
import { handle, json } from '@/lib/server/http';
import { currentStudent } from '@/lib/server/session';

/** The class this browser's student belongs to, for the lab's class bar (404 when none). */
export async function GET(request: NextRequest) {
  return handle(async () => {
    const { store } = await serverContext();
    const student = await currentStudent(store, request);
    if (!student) return json(404, { error: 'This browser has not joined a class.' });
    const klass = await store.db
      .selectFrom('classes')
      .select(['id', 'name'])
      .where('id', '=', student.class_id)
      .executeTakeFirstOrThrow();
    return json(200, { student: { id: student.id, name: student.display_name }, class: klass });
  });
}
