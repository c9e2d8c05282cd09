import { serviceWorkerScript } from '@/lib/offline/service-worker.node';

// Read at request time: the build's files are listed from .next/ as `next start` serves them.
export const dynamic = 'force-dynamic';

export async function GET() {
  return new Response(await serviceWorkerScript(), {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      // browsers compare the script on each navigation to find a new build
      'Cache-Control': 'no-cache',
    },
  });
}
