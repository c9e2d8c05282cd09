import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { checkClassName, createClass, listClasses } from '@/lib/server/classes/classes';
import { serverContext } from '@/lib/server/context';
import { handle, json, readJson } from '@/lib/server/http';
import { requireInstructor, requireSameOrigin } from '@/lib/server/session';

export async function GET(request: NextRequest) {
  return handle(async () => {
    const { store } = await serverContext();
    const instructor = await requireInstructor(store, request);
    return json(200, { classes: await listClasses(store, instructor.id) });
  });
}

const body = z.object({ name: z.string().max(500) });

export async function POST(request: NextRequest) {
  return handle(async () => {
    requireSameOrigin(request);
    const { store } = await serverContext();
    const instructor = await requireInstructor(store, request);
    const { name } = await readJson(request, body);
    const problem = checkClassName(name);
    if (problem) return json(422, { error: problem });
    return json(201, { class: await createClass(store, instructor.id, name) });
  });
}
