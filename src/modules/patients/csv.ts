import { parse } from 'csv-parse/sync';
import { AppError } from '../../platform/errors.js';
import type { ImportRowError } from '../../db/schema.js';
import type { NewPatient } from './schemas.js';

const HEADERS: Record<string, string> = {
  mrn: 'mrn', medicalrecordnumber: 'mrn',
  givenname: 'givenName', firstname: 'givenName', first: 'givenName',
  familyname: 'familyName', lastname: 'familyName', surname: 'familyName', last: 'familyName',
  preferredname: 'preferredName', nickname: 'preferredName',
  dateofbirth: 'dateOfBirth', dob: 'dateOfBirth', birthdate: 'dateOfBirth',
  sex: 'sex', gender: 'sex',
  language: 'language', preferredlanguage: 'language',
  preferredchannel: 'preferredChannel', channel: 'preferredChannel',
  phone: 'phone', mobile: 'phone', phonenumber: 'phone', cell: 'phone',
  email: 'email', emailaddress: 'email',
  consentcare: 'consentCare', consentmarketing: 'consentMarketing', marketingconsent: 'consentMarketing',
  tags: 'tags',
  address: 'line1', addressline1: 'line1', line1: 'line1', addressline2: 'line2', line2: 'line2',
  city: 'city', region: 'region', state: 'region', postalcode: 'postalCode', zip: 'postalCode', zipcode: 'postalCode', country: 'country',
};
const REQUIRED = ['givenName', 'familyName', 'dateOfBirth'];

export interface ParsedCsv {
  rows: { row: number; patient: NewPatient }[];
  errors: ImportRowError[];
  total: number;
}

/** Bytes to text: only UTF-8 is accepted (a byte-order mark is dropped). */
export function decodeCsv(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new AppError(400, 'invalid_encoding', 'The file is UTF-16. Save it as CSV UTF-8 and try again.');
  }
  if (bytes.includes(0)) {
    throw new AppError(400, 'invalid_encoding', 'The file contains NUL bytes: it is not a text CSV. Save it as CSV UTF-8 and try again.');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AppError(400, 'invalid_encoding', 'The file is not UTF-8 (it may be Latin-1 or Windows-1252). Save it as CSV UTF-8 and try again.');
  }
}

const yes = (value: string) => /^(y|yes|true|1)$/i.test(value.trim());
const USDATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/**
 * Reads a patient CSV. A broken header stops the import; a broken row (bad quoting, wrong number
 * of columns) becomes a row error and the other rows go on. Row numbers count the header as row 1.
 */
export function parsePatientCsv(text: string, maxRows = 50_000): ParsedCsv {
  const errors: ImportRowError[] = [];
  let records: string[][];
  try {
    records = parse(text, {
      bom: true, skip_empty_lines: true, trim: true, relax_column_count: true, skip_records_with_error: true,
      on_skip: (error) => { errors.push({ row: Number(error?.lines ?? 0), field: null, message: `unreadable line: ${error?.message ?? 'bad quoting'}` }); return undefined; },
    }) as string[][];
  } catch (error) {
    throw new AppError(400, 'invalid_csv', `The file could not be read as CSV: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...body] = records;
  if (!header) throw new AppError(400, 'invalid_csv', 'The file is empty.');
  const columns = header.map((name) => HEADERS[name.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? null);
  const unknown = header.filter((_, index) => columns[index] === null);
  if (unknown.length > 0) throw new AppError(400, 'invalid_csv', `Unknown column(s): ${unknown.join(', ')}.`, { unknownColumns: unknown, knownColumns: [...new Set(Object.values(HEADERS))] });
  const missing = REQUIRED.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw new AppError(400, 'invalid_csv', `Missing required column(s): ${missing.join(', ')}.`, { missingColumns: missing });
  if (body.length > maxRows) throw new AppError(400, 'invalid_csv', `The file has ${body.length} rows; at most ${maxRows} can be imported at once.`);

  const rows: ParsedCsv['rows'] = [];
  body.forEach((record, index) => {
    const row = index + 2;
    if (record.length !== header.length) {
      errors.push({ row, field: null, message: `has ${record.length} columns, the header has ${header.length}` });
      return;
    }
    const cell: Record<string, string> = {};
    columns.forEach((column, i) => { if (column && record[i]) cell[column] = record[i]; });
    const us = USDATE.exec(cell.dateOfBirth ?? '');
    const address = { line1: cell.line1, line2: cell.line2, city: cell.city, region: cell.region, postalCode: cell.postalCode, country: cell.country?.toUpperCase() };
    const hasAddress = Object.values(address).some(Boolean);
    const consent = { consentCare: cell.consentCare === undefined ? true : yes(cell.consentCare), consentMarketing: cell.consentMarketing ? yes(cell.consentMarketing) : false };
    const patient: NewPatient = {
      ...(cell.mrn && { mrn: cell.mrn }),
      givenName: cell.givenName ?? '',
      familyName: cell.familyName ?? '',
      ...(cell.preferredName && { preferredName: cell.preferredName }),
      dateOfBirth: us ? `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}` : cell.dateOfBirth ?? '',
      ...(cell.sex && { sex: cell.sex.toLowerCase() as NewPatient['sex'] }),
      ...(cell.language && { language: cell.language }),
      ...(cell.preferredChannel && { preferredChannel: cell.preferredChannel.toLowerCase() as NewPatient['preferredChannel'] }),
      ...(hasAddress && { address: Object.fromEntries(Object.entries(address).filter(([, v]) => v)) }),
      ...(cell.tags && { tags: cell.tags.split(/[;|]/).map((tag) => tag.trim()).filter(Boolean) }),
      contactPoints: [
        ...(cell.phone ? [{ kind: 'phone' as const, value: cell.phone, ...consent }] : []),
        ...(cell.email ? [{ kind: 'email' as const, value: cell.email, ...consent }] : []),
      ],
    };
    rows.push({ row, patient });
  });
  return { rows, errors, total: body.length + errors.filter((e) => e.field === null && e.message.startsWith('unreadable')).length };
}
