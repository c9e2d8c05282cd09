/** The class in the route, if the signed-in instructor owns it: else 404 (never a hint it exists). */
import type { NextRequest } from 'next/server';
import { classForInstructor } from '@/lib/server/classes/classes';
import { serverContext } from '@/lib/server/context';
import { HttpError } from '@/lib/server/http';
import { requireInstructor } from '@/lib/server/session';

export async function ownedClass(request: NextRequest, params: Promise<{ classId: string }>) {
  const { store, grading } = await serverContext();
  const instructor = await requireInstructor(store, request);
  const { classId } = await params;
  const klass = await classForInstructor(store, instructor.id, classId);
  if (!klass) throw new HttpError(404, 'No such class.');
  return { store, grading, instructor, klass };
}
