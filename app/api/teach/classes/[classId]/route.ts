import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { checkClassName, deleteClass, updateClass } from '@/lib/server/classes/classes';
import { handle, json, readJson } from '@/lib/server/http';
import { requireSameOrigin } from '@/lib/server/session';
import { ownedClass } from './owned';

type Context = { params: Promise<{ classId: string }> };

const body = z
  .object({
    name: z.string().max(500).optional(),
    joiningOpen: z.boolean().optional(),
    rotateCode: z.literal(true).optional(),
  })
  .strict();

/** Rename, open or close joining, rotate the join code. */
export async function PATCH(request: NextRequest, { params }: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { store, klass } = await ownedClass(request, params);
    const change = await readJson(request, body);
    if (change.name !== undefined) {
      const problem = checkClassName(change.name);
      if (problem) return json(422, { error: problem });
    }
    return json(200, { class: await updateClass(store, klass.id, change) });
  });
}

/** Deletes the class with its students, their events, submissions and grades. */
export async function DELETE(request: NextRequest, { params }: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { store, klass } = await ownedClass(request, params);
    await deleteClass(store, klass.id);
    return json(200, { deleted: klass.id });
  });
}
