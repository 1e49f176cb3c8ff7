import type { RawBuilder } from 'kysely';

/**
 * What a module's facts file hands the analytics module: a query of its facts between two
 * instants (a clinic's days, turned into instants in its time zone), each fact as one row of
 *   metric, at (the instant that decides its day), department, provider, location, channel
 *   (text; null when the family is not broken down by it, 'none' when the fact has no value),
 *   value, business (seconds or score, null when none), hit, miss (0 or 1),
 *   hist_seconds (the duration counted in the histogram, null when none), fact_id (the row behind it).
 * Each branch filters its own (organization_id, time) column, so every read is an index range.
 */
export interface FactWindow {
  organizationId: string;
  start: Date;
  end: Date;
}

export type FactQuery = (window: FactWindow) => RawBuilder<unknown>;

/** One row behind a number, for the drill-down and CSV. */
export type FactRow = Record<string, string | number | boolean | null>;

/** Rows in the order of the ids (the page's order, newest first), without their id; instants as ISO text. */
export function inOrder(rows: (FactRow & { id: string })[], ids: string[]): FactRow[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const { id: _id, ...rest } = row;
    return [Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, (value as unknown) instanceof Date ? (value as unknown as Date).toISOString() : value]))];
  });
}
