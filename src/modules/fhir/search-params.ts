import { DateTime } from 'luxon';
import type { SearchParamDefinition } from './resource-kind.js';
import { fhirError } from './outcome.js';

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;

/** One search parameter as sent: `name:modifier=value` (a value may list alternatives with commas). */
export interface SearchParam {
  name: string;
  modifier?: string;
  value: string;
}

export interface SearchRequest {
  params: SearchParam[];
  count: number;
  offset: number;
  /** Parameters ignored under Prefer: handling=lenient (reported as a warning in the Bundle). */
  ignored: string[];
  /** The clinic's IANA time zone: a date or time without an offset means the clinic's day or clock. */
  zone: string;
}

/** Parameters every type accepts besides its own. */
export const COMMON_PARAMS: SearchParamDefinition[] = [
  { name: '_id', type: 'token', documentation: 'The logical id (commas for several)' },
];
/** Result and paging controls: not filters. `_format` is accepted for clients that always send it (JSON is the only format). */
const CONTROLS = new Set(['_count', '_offset', '_format']);
const MODIFIERS: Record<string, Set<string>> = {
  string: new Set(['exact', 'contains']),
  token: new Set([]),
  reference: new Set([]),
  date: new Set([]),
};

function nonNegativeInteger(name: string, raw: string, max: number): number {
  if (!/^\d{1,9}$/.test(raw)) throw fhirError(400, 'invalid', `${name} must be a whole number from 0, got "${raw}".`, name);
  return Math.min(Number(raw), max);
}

/**
 * Reads a search query against the parameters a type declares. Unknown parameters and modifiers
 * are refused (400) unless the client asked for lenient handling, in which case they are ignored
 * and named in a warning.
 */
export function parseSearch(query: Record<string, string | string[] | undefined>, declared: SearchParamDefinition[], lenient: boolean, zone = 'UTC'): SearchRequest {
  const byName = new Map([...COMMON_PARAMS, ...declared].map((p) => [p.name, p]));
  const request: SearchRequest = { params: [], count: DEFAULT_COUNT, offset: 0, ignored: [], zone };
  for (const [key, raw] of Object.entries(query)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw];
    if (CONTROLS.has(key)) {
      const last = values[values.length - 1] ?? '';
      if (key === '_count') request.count = nonNegativeInteger('_count', last, MAX_COUNT);
      if (key === '_offset') request.offset = nonNegativeInteger('_offset', last, 1_000_000);
      continue;
    }
    const [name = '', modifier] = key.split(':');
    const definition = byName.get(name);
    const known = definition && (modifier === undefined || MODIFIERS[definition.type]?.has(modifier));
    if (!known) {
      if (lenient) { request.ignored.push(key); continue; }
      const what = definition ? `the modifier ":${modifier}" on "${name}"` : `the search parameter "${name}"`;
      throw fhirError(400, 'not-supported', `This server does not support ${what}; see /fhir/metadata for the supported ones.`, key);
    }
    for (const value of values) {
      if (value === '') throw fhirError(400, 'invalid', `The search parameter "${key}" has no value.`, key);
      request.params.push({ name, ...(modifier && { modifier }), value });
    }
  }
  return request;
}

/** The values of a parameter: one list of alternatives (comma-separated) per occurrence; occurrences are ANDed. */
export function paramValues(request: SearchRequest, name: string): string[][] {
  return request.params.filter((p) => p.name === name).map((p) => p.value.split(',').map((v) => v.trim()).filter(Boolean));
}

export function stringParams(request: SearchRequest, name: string): { modifier?: string; values: string[] }[] {
  return request.params.filter((p) => p.name === name).map((p) => ({ ...(p.modifier && { modifier: p.modifier }), values: p.value.split(',').map((v) => v.trim()).filter(Boolean) }));
}

/** Does a text match a FHIR string search value (default: starts with, case and accent insensitive)? */
export function stringMatches(text: string | null | undefined, value: string, modifier?: string): boolean {
  if (!text) return false;
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (modifier === 'exact') return text === value;
  const words = fold(text);
  const wanted = fold(value);
  if (modifier === 'contains') return words.includes(wanted);
  return words.startsWith(wanted) || words.split(/[\s-]+/).some((w) => w.startsWith(wanted));
}

/** The id a reference value names: "Patient/abc" or "abc" (with the expected type) → "abc"; another type → null. */
export function referenceId(value: string, types: string[]): string | null {
  const parts = value.split('/').filter(Boolean);
  if (parts.length === 1) return parts[0] ?? null;
  const id = parts[parts.length - 1] ?? null;
  const type = parts[parts.length - 2] ?? '';
  return types.includes(type) ? id : null;
}

/** A token value "system|code" or "code" → its code (and system when given). */
export function tokenOf(value: string): { system?: string; code: string } {
  const bar = value.indexOf('|');
  if (bar < 0) return { code: value };
  const system = value.slice(0, bar);
  return { ...(system && { system }), code: value.slice(bar + 1) };
}

/** A time window: from inclusive, to exclusive; either may be open. */
export interface DateWindow {
  from?: Date;
  to?: Date;
}

const PREFIXES = ['eq', 'ne', 'gt', 'lt', 'ge', 'le', 'sa', 'eb', 'ap'] as const;
const SUPPORTED_PREFIXES = new Set(['eq', 'gt', 'lt', 'ge', 'le']);
const DATE_VALUE = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/**
 * The span of time a date value covers at its precision (2026 = the whole year). Without an offset
 * it is read in `zone` (FHIR: the server's local time; here the clinic's), so a New York clinic's
 * `date=2026-03-04` covers its own 4 March, evening visits included.
 */
export function dateSpan(name: string, text: string, zone = 'UTC'): { lo: Date; hi: Date } {
  const m = DATE_VALUE.exec(text);
  const bad = () => fhirError(400, 'invalid', `${name}: "${text}" is not a FHIR date (YYYY, YYYY-MM, YYYY-MM-DD or an instant like 2026-03-01T09:00:00Z), optionally after a prefix eq, gt, lt, ge or le.`, name);
  if (!m) throw bad();
  const [, y, mo, d, h, mi, s, offset] = m;
  if (h !== undefined && mi !== undefined) {
    if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) throw bad();
    const local = DateTime.fromISO(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${offset === 'Z' ? 'Z' : offset ?? ''}`, { zone: offset ? 'utc' : zone });
    if (!local.isValid) throw bad();
    const lo = local.toJSDate();
    return { lo, hi: new Date(lo.getTime() + (s === undefined ? 60_000 : 1000)) };
  }
  const month = mo === undefined ? undefined : Number(mo);
  const day = d === undefined ? undefined : Number(d);
  if (month !== undefined && (month < 1 || month > 12)) throw bad();
  const start = DateTime.fromObject({ year: Number(y), month: month ?? 1, day: day ?? 1 }, { zone });
  if (!start.isValid || (day !== undefined && day < 1)) throw bad();
  const unit = month === undefined ? 'years' : day === undefined ? 'months' : 'days';
  return { lo: start.toJSDate(), hi: start.plus({ [unit]: 1 }).toJSDate() };
}

/** Every occurrence of a date parameter, intersected into one window (`date=ge2026-03-01&date=lt2026-04-01`). */
export function dateWindow(request: SearchRequest, name: string, zone = request.zone): DateWindow | null {
  const occurrences = request.params.filter((p) => p.name === name);
  if (occurrences.length === 0) return null;
  const window: DateWindow = {};
  for (const { value } of occurrences) {
    const prefix = PREFIXES.find((p) => value.startsWith(p) && /^\d/.test(value.slice(2)));
    if (prefix && !SUPPORTED_PREFIXES.has(prefix)) throw fhirError(400, 'not-supported', `${name}: the prefix "${prefix}" is not supported (eq, gt, lt, ge, le are).`, name);
    if (!prefix && /^[a-z]/i.test(value)) throw fhirError(400, 'invalid', `${name}: "${value}" has an unknown prefix (eq, gt, lt, ge, le are supported).`, name);
    const { lo, hi } = dateSpan(name, prefix ? value.slice(2) : value, zone);
    const bounds: DateWindow = (() => {
      switch (prefix ?? 'eq') {
        case 'gt': return { from: hi };
        case 'ge': return { from: lo };
        case 'lt': return { to: lo };
        case 'le': return { to: hi };
        default: return { from: lo, to: hi };
      }
    })();
    if (bounds.from && (!window.from || bounds.from > window.from)) window.from = bounds.from;
    if (bounds.to && (!window.to || bounds.to < window.to)) window.to = bounds.to;
  }
  return window;
}

export function inWindow(at: Date | string | null | undefined, window: DateWindow | null): boolean {
  if (!window) return true;
  if (at === null || at === undefined) return false;
  const time = typeof at === 'string' ? new Date(at) : at;
  return (!window.from || time >= window.from) && (!window.to || time < window.to);
}

/** Any date in the window? (for a birthDate "YYYY-MM-DD", whose span is the UTC day: give it a window read in UTC) */
export function daySpanInWindow(day: string | null | undefined, window: DateWindow | null): boolean {
  if (!window) return true;
  if (!day) return false;
  const { lo, hi } = dateSpan('date', day);
  return (!window.from || hi > window.from) && (!window.to || lo < window.to);
}
