import type { NextRequest } from 'next/server';
import { dashboardCsv } from '@/lib/server/classes/csv';
import { classDashboard } from '@/lib/server/classes/dashboard';
import { graderVersion } from '@/lib/server/grading';
import { handle } from '@/lib/server/http';
import { ownedClass } from '../owned';

export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ classId: string }> },
) {
  return handle(async () => {
    const { store, klass } = await ownedClass(request, params);
    const csv = dashboardCsv(await classDashboard(store, klass.id, graderVersion()));
    const file = `${klass.name.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || 'class'}.csv`;
    return new Response(csv, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file}"`,
        'cache-control': 'no-store',
      },
    });
  });
}
