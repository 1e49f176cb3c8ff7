/**
 * bench/scheduling phase (b): booking throughput. N clients book over HTTP for a fixed time, each
 * sending its next request as soon as the last is answered: once all aiming at distinct free
 * times, once all aiming at the same few times (contention). Then PostgreSQL is asked whether any
 * provider holds two live, not overbooked visits that overlap (the exclusion constraint's promise).
 */
import type pg from 'pg';
import { percentiles, type Percentiles } from './inbox-report.js';

export interface Target { providerId: string; locationId: string; startsAt: string }

export interface BookingResult {
  label: string;
  clients: number;
  seconds: number;
  requests: number;
  booked: number;
  bookingsPerSecond: number;
  /** Answers by status and error code, e.g. { "201": 812, "409 slot_taken": 3 }. */
  answers: Record<string, number>;
  latencyMs: Percentiles;
  bookedLatencyMs: Percentiles;
  refusedLatencyMs: Percentiles | null;
  /** Contention: distinct times won, and times won twice (must be 0). */
  timesWon?: number;
  wonTwice?: number;
}

type Pick = () => { target: Target; index: number } | null;

async function drive(url: string, token: string, options: { label: string; clients: number; seconds: number; serviceId: string; patientIds: string[]; pick: Pick; onAnswer?: (index: number, status: number) => void }): Promise<BookingResult> {
  const answers: Record<string, number> = {};
  const all: number[] = [];
  const booked: number[] = [];
  const refused: number[] = [];
  const wins = new Map<number, number>();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  let sent = 0;
  await Promise.all(Array.from({ length: options.clients }, async () => {
    while (performance.now() < deadline) {
      const picked = options.pick();
      if (!picked) return;
      const patientId = options.patientIds[sent++ % options.patientIds.length]!;
      const t0 = performance.now();
      const response = await fetch(`${url}/api/scheduling/appointments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ patientId, serviceId: options.serviceId, ...picked.target }),
      });
      const text = await response.text();
      const ms = performance.now() - t0;
      all.push(ms);
      let key = String(response.status);
      if (response.status === 201) {
        booked.push(ms);
        wins.set(picked.index, (wins.get(picked.index) ?? 0) + 1);
      } else {
        refused.push(ms);
        try {
          key += ` ${(JSON.parse(text) as { error?: { code?: string } }).error?.code ?? ''}`;
        } catch {
          key += ' (not JSON)';
        }
      }
      answers[key] = (answers[key] ?? 0) + 1;
      options.onAnswer?.(picked.index, response.status);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  return {
    label: options.label, clients: options.clients, seconds: Math.round(seconds * 10) / 10, requests: all.length, booked: booked.length,
    bookingsPerSecond: Math.round((booked.length / seconds) * 10) / 10, answers, latencyMs: percentiles(all), bookedLatencyMs: percentiles(booked),
    refusedLatencyMs: refused.length ? percentiles(refused) : null,
    timesWon: wins.size, wonTwice: [...wins.values()].filter((n) => n > 1).length,
  };
}

/** Every client books the next free time of a shuffled list: no two requests aim at one time. */
export function bookDistinct(url: string, token: string, options: { clients: number; seconds: number; serviceId: string; patientIds: string[]; targets: Target[] }) {
  let next = 0;
  return drive(url, token, {
    ...options, label: `${options.clients} clients, each at a distinct free time`,
    pick: () => (next < options.targets.length ? { target: options.targets[next]!, index: next++ } : null),
  });
}

/**
 * Every client aims at one of the first `window` times of the list not yet known taken; a time
 * answered 201 or 409 is taken and the window moves on, so all clients keep fighting over the
 * same few times for the whole run.
 */
export function bookContended(url: string, token: string, options: { clients: number; seconds: number; serviceId: string; patientIds: string[]; targets: Target[]; window: number }) {
  const taken = new Set<number>();
  let head = 0;
  return drive(url, token, {
    ...options, label: `${options.clients} clients, all at the same ${options.window} times`,
    pick: () => {
      while (taken.has(head)) head++;
      const open: number[] = [];
      for (let i = head; open.length < options.window && i < options.targets.length; i++) if (!taken.has(i)) open.push(i);
      if (open.length === 0) return null;
      const index = open[Math.floor(Math.random() * open.length)]!;
      return { target: options.targets[index]!, index };
    },
    onAnswer: (index, status) => {
      if (status === 201 || status === 409) taken.add(index);
    },
  });
}

/** Pairs of live, not overbooked visits of one provider whose blocked times overlap (must be 0). */
export async function overlappingVisits(db: pg.Client, organizationId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`
    with live as (
      select id, provider_id, blocked_from, blocked_until from appointments
      where organization_id = $1 and status in ('booked', 'confirmed', 'arrived', 'in_room', 'completed') and not overbooked
    )
    select count(*) n from live a join live b
      on b.provider_id = a.provider_id and b.id > a.id and b.blocked_from < a.blocked_until and b.blocked_until > a.blocked_from`, [organizationId]);
  return Number(rows[0]!.n);
}
