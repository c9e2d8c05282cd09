import type { NextRequest } from 'next/server';
import { dashboardVersion } from '@/lib/server/classes/dashboard';
import { handle } from '@/lib/server/http';
import { ownedClass } from '../owned';

/** How often each open dashboard looks for changes: any app process sees any worker's writes. */
const POLL_MS = 1000;

/**
 * Server-Sent Events: `change` whenever the class's state moves (a join, an event, a submission, a
 * grade starting or finishing). The page then fetches the dashboard again.
 */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ classId: string }> },
) {
  return handle(async () => {
    const { store, klass } = await ownedClass(request, params);
    const encoder = new TextEncoder();
    let timer: ReturnType<typeof setInterval> | undefined;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        let last = await dashboardVersion(store, klass.id);
        controller.enqueue(
          encoder.encode(`retry: 2000\nevent: ready\ndata: ${JSON.stringify(last)}\n\n`),
        );
        timer = setInterval(() => {
          dashboardVersion(store, klass.id)
            .then((version) => {
              if (version !== last) {
                last = version;
                controller.enqueue(
                  encoder.encode(`event: change\ndata: ${JSON.stringify(version)}\n\n`),
                );
              } else controller.enqueue(encoder.encode(': keep-alive\n\n'));
            })
            .catch(() => {
              clearInterval(timer);
              controller.close();
            });
        }, POLL_MS);
        request.signal.addEventListener('abort', () => {
          clearInterval(timer);
          try {
            controller.close();
          } catch {
            // already closed
          }
        });
      },
      cancel() {
        clearInterval(timer);
      },
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      },
    });
  });
}
