import { DateTime } from 'luxon';
import { invalid } from '../../platform/errors.js';
import type { Platform } from '../../platform/platform.js';
import type { Actor } from '../../platform/permissions.js';
import { searchPatients } from '../patients/service.js';
import { listAppointments } from '../scheduling/service.js';
import { getLocation, getProvider } from '../scheduling/setup-service.js';
import type { Segment } from './schemas.js';

/** A patient of a segment, once, with the visits that put them there (appointment segments). */
export interface SegmentMember {
  patientId: string;
  appointmentIds: string[];
  visitAt: Date | null;
}

export interface ResolvedSegment {
  members: SegmentMember[];
  label: string;
  /** The location's time zone (appointment segments), for {{appointmentDate}} and {{appointmentTime}}. */
  timeZone: string | null;
}

/** Longest date range of an appointment segment: a closure is days, not a season. */
const MAX_DAYS = 62;
const PAGE = 1000;
const APPOINTMENT_PAGE = 2000;

function clinicDay(field: string, value: string, zone: string): DateTime {
  const day = DateTime.fromISO(value, { zone });
  if (!day.isValid) throw invalid(field, `${value} is not a date (YYYY-MM-DD)`);
  return day.startOf('day');
}

/** Checks a segment without reading who is in it: dates, the location and provider (another clinic's: 404). */
export async function checkSegment(platform: Platform, actor: Actor, segment: Segment): Promise<{ label: string; timeZone: string | null }> {
  if (segment.type === 'everyone') return { label: 'Every active patient', timeZone: null };
  if (segment.type === 'tag') {
    const tag = segment.tag.trim();
    if (!tag) throw invalid('segment.tag', 'is empty');
    return { label: `Patients tagged "${tag}"`, timeZone: null };
  }
  const location = await getLocation(platform, actor, segment.locationId);
  const provider = segment.providerId ? await getProvider(platform, actor, segment.providerId) : null;
  const from = clinicDay('segment.from', segment.from, location.timeZone);
  const to = clinicDay('segment.to', segment.to, location.timeZone);
  if (to < from) throw invalid('segment.to', `${segment.to} is before segment.from ${segment.from}: the dates are reversed`);
  if (to.diff(from, 'days').days >= MAX_DAYS) throw invalid('segment.to', `the range may cover at most ${MAX_DAYS} days`);
  const days = segment.from === segment.to ? segment.from : `${segment.from} to ${segment.to}`;
  return { label: `Visits at ${location.name}${provider ? ` with ${provider.name}` : ''}, ${days}`, timeZone: location.timeZone };
}

/** Who is in the segment now: active patients only (merged records are left out), each once. */
export async function resolveSegment(platform: Platform, actor: Actor, segment: Segment): Promise<ResolvedSegment> {
  const { label, timeZone } = await checkSegment(platform, actor, segment);
  if (segment.type !== 'appointments') {
    const members: SegmentMember[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await searchPatients(platform, actor, { ...(segment.type === 'tag' && { tag: segment.tag.trim() }), limit: PAGE, offset });
      for (const patient of page.items) if (patient.status === 'active') members.push({ patientId: patient.id, appointmentIds: [], visitAt: null });
      if (page.items.length < PAGE) break;
    }
    return { members: unique(members), label, timeZone };
  }
  const zone = timeZone ?? 'UTC';
  const from = clinicDay('segment.from', segment.from, zone);
  const until = clinicDay('segment.to', segment.to, zone).plus({ days: 1 });
  const byPatient = new Map<string, SegmentMember>();
  const seen = new Set<string>();
  for (let after = from; ;) {
    const { items } = await listAppointments(platform, actor, {
      locationId: segment.locationId, ...(segment.providerId && { providerId: segment.providerId }),
      from: after.toISO()!, to: until.toISO()!, status: ['booked', 'confirmed'], limit: APPOINTMENT_PAGE,
    });
    for (const visit of items) {
      const startsAt = new Date(visit.startsAt);
      if (seen.has(visit.id) || startsAt < from.toJSDate()) continue;
      seen.add(visit.id);
      const member = byPatient.get(visit.patientId) ?? { patientId: visit.patientId, appointmentIds: [], visitAt: startsAt };
      member.appointmentIds.push(visit.id);
      byPatient.set(visit.patientId, member);
    }
    const last = items.at(-1);
    if (items.length < APPOINTMENT_PAGE || !last) break;
    after = DateTime.fromISO(last.startsAt, { zone });
  }
  return { members: [...byPatient.values()], label, timeZone };
}

function unique(members: SegmentMember[]) {
  const seen = new Set<string>();
  return members.filter((member) => !seen.has(member.patientId) && seen.add(member.patientId));
}
