import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { handle, json, readJson } from '@/lib/server/http';
import { requireSameOrigin } from '@/lib/server/session';
import { ownedClass } from '../owned';

const body = z.object({ force: z.boolean().default(false) }).strict();

/** Queues every student's latest submission again (only stale verdicts, unless forced). */
export async function POST(
  request: NextRequest,
  { params }: { params: Promise<{ classId: string }> },
) {
  return handle(async () => {
    requireSameOrigin(request);
    const { grading, klass } = await ownedClass(request, params);
    const { force } = await readJson(request, body);
    const queued = await grading.regradeAll(klass.id, { force });
    return json(202, { queued: queued.length });
  });
}
