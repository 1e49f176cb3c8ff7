import type * as fhir4 from 'fhir/r4.js';
import { appointmentKind } from './appointment-kind.js';
import { auditEventKind } from './audit-event-kind.js';
import { serviceRequestKind, taskKind } from './care-kinds.js';
import { communicationKind } from './communication-kind.js';
import { patientKind } from './patient-kind.js';
import { questionnaireKind, questionnaireResponseKind } from './questionnaire-kinds.js';
import type { ResourceKind } from './resource-kind.js';
import { scheduleKind, slotKind } from './schedule-kinds.js';
import { healthcareServiceKind, locationKind, practitionerKind, practitionerRoleKind } from './setup-kinds.js';

// Each kind is typed by its own resource; the registry holds them by their common shape.
const kind = <R extends fhir4.FhirResource>(k: ResourceKind<R>) => k as unknown as ResourceKind;

/** Every resource type the FHIR API reads and searches, by type name, in CapabilityStatement order. */
export const RESOURCE_KINDS: ReadonlyMap<string, ResourceKind> = new Map([
  kind(patientKind), kind(practitionerKind), kind(practitionerRoleKind), kind(locationKind), kind(healthcareServiceKind),
  kind(scheduleKind), kind(slotKind), kind(appointmentKind), kind(questionnaireKind), kind(questionnaireResponseKind),
  kind(communicationKind), kind(serviceRequestKind), kind(taskKind), kind(auditEventKind),
].map((k) => [k.type, k]));
