import type { NextRequest } from 'next/server';
import { classDashboard } from '@/lib/server/classes/dashboard';
import { graderVersion } from '@/lib/server/grading';
import { handle, json } from '@/lib/server/http';
import { ownedClass } from '../owned';

export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ classId: string }> },
) {
  return handle(async () => {
    const { store, klass } = await ownedClass(request, params);
    return json(200, {
      class: klass,
      dashboard: await classDashboard(store, klass.id, graderVersion()),
    });
  });
}
