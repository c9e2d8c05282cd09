/** Listing and applying timeline events, and going back to the cut-off. */
import type { Connection } from '@/lib/engine/connection';
import { applyLabClock } from '../lab-clock';
import type { EventEffect, TimelineEventId, TimelineEventInfo } from '../types';
import { EVENTS, EVENT_ORDER } from './events';
import { initTimeline, readTimelineState } from './state';

export async function listTimelineEvents(conn: Connection): Promise<TimelineEventInfo[]> {
  const state = await readTimelineState(conn);
  const applied = await conn.query<{ event_id: TimelineEventId }>(
    'SELECT DISTINCT event_id FROM lab_state.events',
  );
  const appliedIds = new Set(applied.rows.map((r) => r.event_id));
  const infos: TimelineEventInfo[] = [];
  for (const id of EVENT_ORDER) {
    const event = EVENTS[id];
    const reason = await event.unavailableReason(conn, state);
    infos.push({
      id,
      title: event.title,
      description: event.description,
      available: reason === undefined,
      ...(reason === undefined ? {} : { unavailableReason: reason }),
      applied: appliedIds.has(id),
    });
  }
  return infos;
}

/** Applies one event; throws an Error saying why when it is not available now. */
export async function applyTimelineEvent(
  conn: Connection,
  id: TimelineEventId,
): Promise<EventEffect> {
  const event = EVENTS[id];
  if (!event) throw new Error(`Unknown timeline event "${String(id)}".`);
  const state = await readTimelineState(conn);
  const reason = await event.unavailableReason(conn, state);
  if (reason !== undefined) throw new Error(`"${event.title}" is not available now: ${reason}`);
  await conn.exec('BEGIN TRANSACTION');
  let effect: EventEffect;
  try {
    const result = await event.apply(conn, state);
    effect = { id, title: event.title, ...result };
    const keys = [...new Set(result.changed.flatMap((c) => c.keys))];
    const list =
      keys.length === 0
        ? '[]::VARCHAR[]'
        : `[${keys.map((k) => `'${k.replace(/'/g, "''")}'`).join(', ')}]`;
    await conn.exec(`
      INSERT INTO lab_state.events
      SELECT coalesce(max(seq), 0) + 1, '${id}', (SELECT clock_day FROM lab_state.timeline),
        '${effect.summary.replace(/'/g, "''")}', ${list}, ${result.outsideWindow === true}
      FROM lab_state.events`);
    await conn.exec('COMMIT');
  } catch (error) {
    await conn.exec('ROLLBACK');
    throw error;
  }
  await applyLabClock(conn, effect.clock);
  return effect;
}

/** Back to the initial state at the cut-off; the full dataset (`lab_full`) is kept. */
export async function resetTimeline(conn: Connection): Promise<void> {
  const state = await readTimelineState(conn);
  await initTimeline(conn, state.cutoffDay, { label: state.source, key: state.sourceKey });
}
