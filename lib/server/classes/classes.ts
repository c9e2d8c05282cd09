/**
 * Classes an instructor runs: create, rename, rotate the join code, open or close joining, delete
 * with everything in it. An instructor sees and changes only the classes they created.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Store } from '../db';
import type { ClassRow } from '../db/schema';

/** No 0/O, 1/I/L: a code read aloud or off a projector is typed right. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;

export function newJoinCode(): string {
  return Array.from(
    { length: CODE_LENGTH },
    () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)],
  ).join('');
}

export function normalizeJoinCode(code: string): string {
  return code.trim().toUpperCase().replace(/[\s-]/g, '');
}

export function checkClassName(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'A class needs a name.';
  if (trimmed.length > 80) return 'A class name has at most 80 characters.';
  return null;
}

/** A unique code: a clash with another class's code (rare) is retried. */
async function uniqueCode(store: Store): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const code = newJoinCode();
    const taken = await store.db
      .selectFrom('classes')
      .select('id')
      .where('join_code', '=', code)
      .executeTakeFirst();
    if (!taken) return code;
  }
  throw new Error('Could not find a free join code');
}

export async function createClass(
  store: Store,
  instructorId: string,
  name: string,
): Promise<ClassRow> {
  const row: ClassRow = {
    id: randomUUID(),
    name: name.trim(),
    join_code: await uniqueCode(store),
    joining_open: 1,
    created_by: instructorId,
    created_at: new Date().toISOString(),
  };
  await store.db.insertInto('classes').values(row).execute();
  return row;
}

export async function listClasses(store: Store, instructorId: string) {
  return store.db
    .selectFrom('classes')
    .leftJoin('students', 'students.class_id', 'classes.id')
    .select([
      'classes.id',
      'classes.name',
      'classes.join_code',
      'classes.joining_open',
      'classes.created_at',
    ])
    .select((eb) => eb.fn.count<number>('students.id').as('students'))
    .where('classes.created_by', '=', instructorId)
    .groupBy([
      'classes.id',
      'classes.name',
      'classes.join_code',
      'classes.joining_open',
      'classes.created_at',
    ])
    .orderBy('classes.created_at', 'desc')
    .execute();
}

/** The class if this instructor owns it, else null (the route answers 404 either way). */
export async function classForInstructor(
  store: Store,
  instructorId: string,
  classId: string,
): Promise<ClassRow | null> {
  const row = await store.db
    .selectFrom('classes')
    .selectAll()
    .where('id', '=', classId)
    .where('created_by', '=', instructorId)
    .executeTakeFirst();
  return row ?? null;
}

export async function classByCode(store: Store, code: string): Promise<ClassRow | null> {
  const row = await store.db
    .selectFrom('classes')
    .selectAll()
    .where('join_code', '=', normalizeJoinCode(code))
    .executeTakeFirst();
  return row ?? null;
}

export async function updateClass(
  store: Store,
  classId: string,
  change: { name?: string; joiningOpen?: boolean; rotateCode?: boolean },
): Promise<ClassRow> {
  const values: Partial<ClassRow> = {};
  if (change.name !== undefined) values.name = change.name.trim();
  if (change.joiningOpen !== undefined) values.joining_open = change.joiningOpen ? 1 : 0;
  if (change.rotateCode) values.join_code = await uniqueCode(store);
  if (Object.keys(values).length > 0)
    await store.db.updateTable('classes').set(values).where('id', '=', classId).execute();
  return store.db
    .selectFrom('classes')
    .selectAll()
    .where('id', '=', classId)
    .executeTakeFirstOrThrow();
}

/** Deletes the class; its students, events, submissions and grades go with it (cascades). */
export async function deleteClass(store: Store, classId: string): Promise<void> {
  await store.db.deleteFrom('classes').where('id', '=', classId).execute();
}
