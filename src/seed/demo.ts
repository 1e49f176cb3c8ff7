import { faker } from '@faker-js/faker';
import type { Platform } from '../platform/platform.js';
import { systemActor, type Role } from '../platform/permissions.js';
import { createDepartment, createOrganization, createUser, findOrganizationBySlug, updateDepartment } from '../modules/identity/service.js';
import { registerPatient } from '../modules/patients/service.js';
import { toE164 } from '../modules/patients/phone.js';
import { seedDemoInbox } from './demo-inbox.js';
import { seedDemoAppointments } from './demo-appointments.js';
import { seedDemoScheduling } from './demo-scheduling.js';
import { seedDemoFeedback } from './demo-feedback.js';
import { seedDemoTaskRules } from './demo-task-rules.js';
import { seedDemoReferrals } from './demo-referrals.js';
import { seedDemoFmea } from './demo-fmea.js';
import { seedDemoQuality } from './demo-quality.js';
import { seedDemoBroadcast } from './demo-broadcast.js';
import { seedDemoKnowledge } from './demo-knowledge.js';
import { seedDemoAssistant } from './demo-assistant.js';

export const DEMO_SLUG = 'riverside';
export const DEMO_PASSWORD = 'careloop-demo';
export const DEMO_STAFF: { email: string; displayName: string; role: Role; department: string }[] = [
  { email: 'admin@riverside.example', displayName: 'Alex Admin', role: 'admin', department: 'Administration' },
  { email: 'agent@riverside.example', displayName: 'Ana Agent', role: 'agent', department: 'Front Desk' },
  { email: 'nurse@riverside.example', displayName: 'Nora Nurse', role: 'clinician', department: 'Primary Care' },
  { email: 'quality@riverside.example', displayName: 'Quinn Quality', role: 'quality_manager', department: 'Quality' },
  { email: 'viewer@riverside.example', displayName: 'Val Viewer', role: 'viewer', department: 'Billing' },
];
const DEPARTMENTS = ['Administration', 'Front Desk', 'Primary Care', 'Pediatrics', 'Cardiology', 'Quality', 'Billing'];
const AREA_CODES = ['212', '305', '312', '404', '415', '512', '617', '646', '713', '718', '786', '917'];
const TAGS = ['diabetes', 'hypertension', 'pregnancy', 'pediatric', 'vip', 'interpreter', 'mobility'];

function demoPhone(): string {
  for (;;) {
    const candidate = `+1${faker.helpers.arrayElement(AREA_CODES)}${faker.number.int({ min: 2, max: 9 })}${faker.string.numeric(6)}`;
    const valid = toE164(candidate);
    if (valid) return valid;
  }
}

/** The demo clinic: departments, one staff member per role, 200 patients (a few of them duplicates). Does nothing if it exists. */
export async function seedDemo(platform: Platform, patientCount = 200): Promise<boolean> {
  if (await findOrganizationBySlug(platform, DEMO_SLUG)) return false;
  faker.seed(20261123);
  const [admin, ...staff] = DEMO_STAFF;
  const { organization, admin: adminUser } = await createOrganization(platform, {
    name: 'Riverside Family Clinic', slug: DEMO_SLUG, timeZone: 'America/New_York',
    admin: { email: admin!.email, displayName: admin!.displayName, password: DEMO_PASSWORD },
  });
  const actor = { ...systemActor(organization.organization_id, 'cli', 'Demo seed'), id: adminUser.id };
  const departments = new Map<string, string>();
  for (const name of DEPARTMENTS) departments.set(name, (await createDepartment(platform, actor, { name })).id);
  const staffIds = new Map<string, string>();
  for (const member of staff) {
    const user = await createUser(platform, actor, { ...member, departmentId: departments.get(member.department) ?? null, password: DEMO_PASSWORD });
    staffIds.set(member.role, user.id);
  }

  for (let i = 0; i < patientCount; i += 1) {
    const spanish = faker.number.int(99) < 30;
    const sex = faker.helpers.arrayElement(['female', 'male'] as const);
    const givenName = spanish ? faker.helpers.arrayElement(sex === 'female' ? ['María', 'Guadalupe', 'Lucía', 'Sofía', 'Carmen', 'Rosa'] : ['José', 'Luis', 'Carlos', 'Miguel', 'Jorge', 'Francisco']) : faker.person.firstName(sex);
    const familyName = spanish ? faker.helpers.arrayElement(['García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez']) : faker.person.lastName();
    const email = faker.number.int(99) < 70 ? faker.internet.email({ firstName: givenName, lastName: familyName, provider: 'example.com' }).normalize('NFD').replace(/[\u0300-\u036f]/g, '') : null;
    await registerPatient(platform, actor, {
      givenName,
      familyName,
      dateOfBirth: faker.date.birthdate({ min: 1, max: 95, mode: 'age' }).toISOString().slice(0, 10),
      sex,
      language: spanish ? 'es' : 'en',
      preferredChannel: faker.helpers.weightedArrayElement([{ value: 'sms', weight: 6 }, { value: 'email', weight: 3 }, { value: 'phone', weight: 1 }]),
      address: { line1: faker.location.streetAddress(), city: faker.location.city(), region: faker.location.state({ abbreviated: true }), postalCode: faker.location.zipCode('#####'), country: 'US' },
      tags: faker.helpers.arrayElements(TAGS, { min: 0, max: 2 }),
      contactPoints: [
        { kind: 'phone', value: demoPhone(), label: 'mobile', consentCare: true, consentMarketing: faker.datatype.boolean() },
        ...(email ? [{ kind: 'email' as const, value: email, consentCare: true, consentMarketing: faker.datatype.boolean() }] : []),
      ],
      allowDuplicate: true,
    });
  }
  // Two records that are the same person, as front desks make them: a nickname and a slipped digit.
  const phone = demoPhone();
  await registerPatient(platform, actor, { givenName: 'William', familyName: 'Turner', dateOfBirth: '1958-04-12', contactPoints: [{ kind: 'phone', value: phone }], allowDuplicate: true });
  await registerPatient(platform, actor, { givenName: 'Bill', familyName: 'Turner', dateOfBirth: '1958-04-21', contactPoints: [{ kind: 'phone', value: phone }], allowDuplicate: true });
  await seedDemoInbox(platform, actor, staffIds.get('agent') ?? null);
  await seedDemoScheduling(platform, organization.organization_id, departments);
  await seedDemoAppointments(platform, actor);
  // Department owners: unhappy answers about their department open recovery cases for them.
  for (const name of ['Primary Care', 'Pediatrics', 'Cardiology']) {
    await updateDepartment(platform, actor, departments.get(name)!, { ownerId: staffIds.get(name === 'Primary Care' ? 'clinician' : 'quality_manager') ?? null });
  }
  await seedDemoFeedback(platform, actor, departments, staffIds.get('agent') ?? null);
  await seedDemoTaskRules(platform, actor, departments);
  await seedDemoReferrals(platform, actor, departments);
  await seedDemoFmea(platform, actor);
  await seedDemoQuality(platform, actor, departments);
  await seedDemoBroadcast(platform, actor);
  // Last: the assistant is switched on only after the other demo conversations are filed, so it answers none of them.
  await seedDemoKnowledge(platform, organization.organization_id);
  await seedDemoAssistant(platform, organization.organization_id);
  return true;
}
