// Where things sit on the calendar grid: minutes of the location's day, and side-by-side lanes for
// visits that overlap (an overbooked time shows both visits, neither hidden under the other).
import { DateTime } from 'luxon';

export const PX_PER_MINUTE = 1.6;
export const DEFAULT_DAY = { startMinutes: 7 * 60, endMinutes: 19 * 60 };

/** Minutes since the local midnight of the location, and the local date, of an instant. */
export function localPlace(at: string, zone: string): { date: string; minutes: number } {
  const local = DateTime.fromISO(at, { zone });
  return { date: local.toISODate() ?? '', minutes: local.hour * 60 + local.minute };
}

/** The hours shown: 7:00 to 19:00, widened to whole hours around anything earlier or later. */
export function visibleRange(minutes: { start: number; end: number }[]) {
  let startMinutes = DEFAULT_DAY.startMinutes;
  let endMinutes = DEFAULT_DAY.endMinutes;
  for (const m of minutes) {
    startMinutes = Math.min(startMinutes, Math.floor(m.start / 60) * 60);
    endMinutes = Math.max(endMinutes, Math.min(24 * 60, Math.ceil(m.end / 60) * 60));
  }
  return { startMinutes, endMinutes };
}

export interface Placed<T> { item: T; start: number; end: number; lane: number; lanes: number }

/** Gives each overlapping item its own lane; items in one cluster of overlaps share the lane count. */
export function placeInLanes<T>(items: { item: T; start: number; end: number }[]): Placed<T>[] {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const placed: Placed<T>[] = [];
  let cluster: Placed<T>[] = [];
  let clusterEnd = -1;
  const closeCluster = () => {
    const lanes = Math.max(1, ...cluster.map((p) => p.lane + 1));
    for (const p of cluster) p.lanes = lanes;
    cluster = [];
  };
  for (const entry of sorted) {
    if (entry.start >= clusterEnd) closeCluster();
    const laneEnds: number[] = [];
    for (const p of cluster) laneEnds[p.lane] = Math.max(laneEnds[p.lane] ?? -1, p.end);
    let lane = laneEnds.findIndex((end) => end === undefined || end <= entry.start);
    if (lane === -1) lane = laneEnds.length;
    const place = { ...entry, lane, lanes: 1 };
    cluster.push(place);
    placed.push(place);
    clusterEnd = Math.max(clusterEnd, entry.end);
  }
  closeCluster();
  return placed;
}

/** The days of the week (Monday first) holding a local date. */
export function weekOf(date: string): string[] {
  const monday = DateTime.fromISO(date).startOf('week');
  return Array.from({ length: 7 }, (_, i) => monday.plus({ days: i }).toISODate() ?? '');
}

export const clockOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
