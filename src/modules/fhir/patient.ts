import type * as fhir4 from 'fhir/r4.js';
import type { Patient } from '../patients/schemas.js';
import type { FhirContext } from './resource-kind.js';
import { compact, mrnSystem, ref } from './identifiers.js';

const TELECOM_USE: Record<string, fhir4.ContactPoint['use'] | undefined> = { mobile: 'mobile', home: 'home', work: 'work' };

/** A Careloop patient as a FHIR Patient; `mergedIds` are the records merged into it (Patient.link replaces). */
export function toFhirPatient(ctx: FhirContext, patient: Patient, mergedIds: string[]): fhir4.Patient {
  const address = patient.address;
  const fhirAddress = address && compact<fhir4.Address>({
    line: [address.line1, address.line2].filter((line): line is string => !!line),
    city: address.city, state: address.region, postalCode: address.postalCode, country: address.country,
  });
  const link: fhir4.PatientLink[] = patient.replacedBy
    ? [{ other: ref('Patient', patient.replacedBy), type: 'replaced-by' }]
    : mergedIds.map((id) => ({ other: ref('Patient', id), type: 'replaces' as const }));
  return compact<fhir4.Patient>({
    resourceType: 'Patient',
    id: patient.id,
    meta: { lastUpdated: patient.updatedAt },
    identifier: [{
      use: 'usual',
      type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', display: 'Medical record number' }] },
      system: mrnSystem(ctx.platform, ctx.actor.organizationId),
      value: patient.mrn,
    }],
    active: patient.status === 'active',
    name: [
      { use: 'official', family: patient.familyName, given: [patient.givenName], text: `${patient.givenName} ${patient.familyName}` },
      ...(patient.preferredName ? [{ use: 'usual' as const, family: patient.familyName, given: [patient.preferredName] }] : []),
    ],
    telecom: patient.contactPoints.map((cp) => compact<fhir4.ContactPoint>({
      system: cp.kind, value: cp.value, use: cp.label ? TELECOM_USE[cp.label] : undefined, ...(cp.isPrimary && { rank: 1 }),
    })),
    gender: patient.sex,
    birthDate: patient.dateOfBirth,
    address: fhirAddress && Object.keys(fhirAddress).length > 0 ? [fhirAddress] : undefined,
    communication: patient.language ? [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: patient.language }], text: patient.language }, preferred: true }] : undefined,
    link,
  });
}
