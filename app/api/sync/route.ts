import type { NextRequest } from 'next/server';
import { SYNC_MAX_BYTES, syncRequestSchema, type SyncResponse } from '@/lib/course/class-protocol';
import { hasGrade, recordEvents, storeSubmission } from '@/lib/server/classes/progress';
import { touchStudent } from '@/lib/server/classes/students';
import { serverContext } from '@/lib/server/context';
import { handle, json, readJson } from '@/lib/server/http';
import { currentStudent, requireSameOrigin } from '@/lib/server/session';

/**
 * The lab's queued progress: events are stored once per id, each submission is stored and then
 * queued for the server's own grading. Only for the student the cookie proves.
 */
export async function POST(request: NextRequest) {
  return handle(async () => {
    requireSameOrigin(request);
    const { store, grading } = await serverContext();
    const student = await currentStudent(store, request);
    if (!student)
      return json(401, { error: 'This browser is not a member of a class: join one first.' });
    const input = await readJson(request, syncRequestSchema, SYNC_MAX_BYTES);
    const events = await recordEvents(store, student, input.events);
    const submissions: SyncResponse['submissions'] = [];
    for (const submission of input.submissions) {
      const stored = await storeSubmission(store, student, submission);
      // A resend of a submission stored before a crash, but never queued, is queued now.
      const queue = stored.created || !(await hasGrade(store, stored.id));
      const gradeId = queue ? await grading.enqueue(stored.id) : null;
      submissions.push({ clientId: submission.clientId, submissionId: stored.id, gradeId });
    }
    await touchStudent(store, student.id);
    return json(200, { events, submissions } satisfies SyncResponse);
  });
}
