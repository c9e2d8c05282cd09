import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { studentDetail } from '@/lib/server/classes/student-detail';
import {
  checkDisplayName,
  removeStudent,
  renameStudent,
  studentInClass,
} from '@/lib/server/classes/students';
import { handle, HttpError, json, readJson } from '@/lib/server/http';
import { requireSameOrigin } from '@/lib/server/session';
import { ownedClass } from '../../owned';

type Context = { params: Promise<{ classId: string; studentId: string }> };

async function ownedStudent(request: NextRequest, params: Context['params']) {
  const owned = await ownedClass(request, params);
  const { studentId } = await params;
  const student = await studentInClass(owned.store, owned.klass.id, studentId);
  if (!student) throw new HttpError(404, 'No such student in this class.');
  return { ...owned, student };
}

export async function GET(request: NextRequest, { params }: Context) {
  return handle(async () => {
    const { store, student } = await ownedStudent(request, params);
    return json(200, { detail: await studentDetail(store, student) });
  });
}

const body = z.object({ name: z.string().max(500) }).strict();

export async function PATCH(request: NextRequest, { params }: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { store, student } = await ownedStudent(request, params);
    const { name } = await readJson(request, body);
    const problem = checkDisplayName(name);
    if (problem) return json(422, { error: problem });
    await renameStudent(store, student.id, name);
    return json(200, { student: { id: student.id, name: name.trim() } });
  });
}

export async function DELETE(request: NextRequest, { params }: Context) {
  return handle(async () => {
    requireSameOrigin(request);
    const { store, student } = await ownedStudent(request, params);
    await removeStudent(store, student.id);
    return json(200, { deleted: student.id });
  });
}
