import type { Actor } from '../../platform/permissions.js';
import type { Platform } from '../../platform/platform.js';
import { createProvider, listProviders } from '../scheduling/setup-service.js';
import { fhirError } from './outcome.js';
import type { PractitionerInput } from './write-input.js';

export interface ProviderImport {
  providerId: string;
  created: boolean;
}

/** A provider's name as Careloop shows it: the name's text, else prefix, given and family ("Dr. Ana Ruiz"). */
export function providerName(resource: PractitionerInput): string {
  const names = resource.name ?? [];
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use !== 'old') ?? names[0];
  const text = name?.text?.trim() || [...(name?.prefix ?? []), ...(name?.given ?? []), name?.family].filter(Boolean).join(' ').trim();
  if (!text) throw fhirError(400, 'required', 'Practitioner.name: Careloop needs the practitioner\'s name.', 'Practitioner.name');
  if (text.length > 120) throw fhirError(422, 'value', 'Practitioner.name: at most 120 characters.', 'Practitioner.name');
  return text;
}

/** The same person however the name is written: case, spacing, periods and a leading title do not count. */
const nameKey = (name: string) => name.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/\./g, ' ')
  .replace(/^\s*(dr|doctor|prof|mr|mrs|ms)\s+/, '').replace(/\s+/g, ' ').trim();

/**
 * A Practitioner becomes a scheduling provider, or is matched to the provider of the same name
 * (archived ones included), so importing the same practitioners again creates nobody twice.
 * Providers carry no identifier in Careloop, so an NPI is not kept and cannot be matched on.
 */
export async function importPractitioner(platform: Platform, actor: Actor, resource: PractitionerInput): Promise<ProviderImport> {
  if (!actor.permissions.has('schedule:manage')) throw fhirError(403, 'forbidden', 'Importing a Practitioner (a scheduling provider) needs the "schedule:manage" permission.');
  const name = providerName(resource);
  const existing = (await listProviders(platform, actor, { includeArchived: true })).find((provider) => nameKey(provider.name) === nameKey(name));
  if (existing) return { providerId: existing.id, created: false };
  const qualification = resource.qualification?.[0]?.code;
  const title = (qualification?.text ?? qualification?.coding?.find((c) => c.display)?.display)?.slice(0, 120);
  const provider = await createProvider(platform, actor, { name, ...(title && { title }) });
  return { providerId: provider.id, created: true };
}
