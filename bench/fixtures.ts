import { faker } from '@faker-js/faker';

/** Realistic synthetic patient data for the benchmarks. Phones are unique by construction. */

export interface SeedPatient {
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: 'female' | 'male';
  phone: string;
  address: { line1: string; city: string; region: string; postalCode: string; country: string };
}

// Valid US numbers: a real area code, an exchange 200-999, any line. Seeded patients and the
// patients created under load use different area codes, so a new registration never shares (or
// is one digit-swap away from) a seeded phone and the duplicate check never refuses it for that.
const SEED_AREA_CODES = ['212', '312', '415', '617', '713'];
const CREATE_AREA_CODES = ['646', '718', '929'];

function phoneFor(index: number, areaCodes: string[]): string {
  const area = areaCodes[index % areaCodes.length]!;
  const rest = Math.floor(index / areaCodes.length);
  const exchange = 200 + (Math.floor(rest / 10_000) % 800);
  const line = String(rest % 10_000).padStart(4, '0');
  return `+1${area}${exchange}${line}`;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

function person(index: number, areaCodes: string[]): SeedPatient {
  const sex = faker.helpers.arrayElement(['female', 'male'] as const);
  return {
    givenName: faker.person.firstName(sex),
    familyName: faker.person.lastName(),
    dateOfBirth: isoDate(faker.date.birthdate({ mode: 'age', min: 0, max: 95 })),
    sex,
    phone: phoneFor(index, areaCodes),
    address: {
      line1: faker.location.streetAddress(),
      city: faker.location.city(),
      region: faker.location.state({ abbreviated: true }),
      postalCode: faker.location.zipCode('#####'),
      country: 'US',
    },
  };
}

/** The index-th seeded patient (call seedFaker first for a reproducible data set). */
export const seedPatient = (index: number) => person(index, SEED_AREA_CODES);

export const seedFaker = (seed: number) => faker.seed(seed);

/** The JSON body of POST /api/patients for the index-th new registration: distinct name, phone and e-mail. */
export function newPatientBody(index: number): string {
  const p = person(index, CREATE_AREA_CODES);
  const email = `${p.givenName}.${p.familyName}.${index}@example.org`.toLowerCase().replace(/[^a-z0-9.@-]/g, '');
  return JSON.stringify({
    givenName: p.givenName,
    familyName: p.familyName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    language: 'en',
    address: p.address,
    contactPoints: [
      { kind: 'phone', value: p.phone, label: 'mobile', consentCare: true },
      { kind: 'email', value: email, consentCare: true },
    ],
  });
}

/**
 * The most common family-name prefixes of the seeded data: `perLength` each of 3, 4 and 5 letters
 * (what a receptionist types before picking from the list). Common prefixes match the most rows,
 * so they are the search's hard case.
 */
export function commonPrefixes(familyNames: string[], perLength = 10): string[] {
  const prefixes: string[] = [];
  for (const length of [3, 4, 5]) {
    const counts = new Map<string, number>();
    for (const name of familyNames) {
      const prefix = name.toLowerCase().slice(0, length);
      if (prefix.length === length && /^[a-z]+$/.test(prefix)) counts.set(prefix, (counts.get(prefix) ?? 0) + 1);
    }
    prefixes.push(...[...counts].sort((a, b) => b[1] - a[1]).slice(0, perLength).map(([prefix]) => prefix));
  }
  return prefixes;
}
