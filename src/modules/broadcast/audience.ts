import type { Platform } from '../../platform/platform.js';
import { optedOutNumbers } from '../channels/service.js';
import { contactPreferences, patientRefs, type PatientRef } from '../patients/service.js';
import { chooseChannel, noExclusions, type Choice } from './rules.js';
import type { BroadcastChannel, Exclusions, Purpose } from './schemas.js';
import type { SegmentMember } from './segments.js';

/** Patients per read: a query's parameters stay well under PostgreSQL's limit. */
const CHUNK = 5000;

export interface AudienceEntry {
  member: SegmentMember;
  patient: PatientRef;
  firstName: string;
  choice: Choice;
}

export interface Audience {
  entries: AudienceEntry[];
  byChannel: Record<BroadcastChannel, number>;
  excluded: Exclusions;
  reachable: number;
}

/** Decides, for each patient of a segment, the channel and address (or why none): the rules are in rules.ts. */
export async function decideAudience(platform: Platform, organizationId: string, members: SegmentMember[], purpose: Purpose, channels: ReadonlySet<BroadcastChannel>): Promise<Audience> {
  const entries: AudienceEntry[] = [];
  for (let i = 0; i < members.length; i += CHUNK) {
    const chunk = members.slice(i, i + CHUNK);
    const ids = chunk.map((member) => member.patientId);
    const [refs, preferences] = await Promise.all([patientRefs(platform, organizationId, ids), contactPreferences(platform, organizationId, ids)]);
    const phones = [...preferences.values()].flatMap((patient) => patient.contactPoints.filter((point) => point.kind === 'phone').map((point) => point.value));
    const optedOut = await optedOutNumbers(platform, organizationId, phones);
    for (const member of chunk) {
      const patient = refs.get(member.patientId);
      const preference = preferences.get(member.patientId);
      // A merged record's people are reached through the record that survives.
      if (!patient || !preference || patient.status !== 'active') continue;
      entries.push({ member, patient, firstName: preference.preferredName || preference.givenName, choice: chooseChannel(purpose, preference, channels, optedOut) });
    }
  }
  const byChannel = { sms: 0, email: 0 };
  const excluded = noExclusions();
  for (const { choice } of entries) {
    if ('skip' in choice) excluded[choice.skip]++;
    else byChannel[choice.channel]++;
  }
  return { entries, byChannel, excluded, reachable: byChannel.sms + byChannel.email };
}
