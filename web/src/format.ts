// How dates, ages and names are shown to staff.

/** Whole years between a YYYY-MM-DD birth date and today. */
export function ageOf(dateOfBirth: string, today = new Date()): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  let age = today.getFullYear() - year;
  if (today.getMonth() + 1 < month || (today.getMonth() + 1 === month && today.getDate() < day)) age -= 1;
  return age;
}

/** A birth date as the front desk reads it: "Mar 4, 1980" (no time zone shift: it is a calendar date). */
export function formatDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  const value = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return value.toLocaleDateString('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' });
}

/** A moment in the browser's local time. */
export function formatDateTime(timestamp: string | null): string {
  if (!timestamp) return '—';
  return new Date(timestamp).toLocaleString('en-US', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
}

export function fullName(p: { givenName: string; familyName: string; preferredName: string | null }): string {
  const preferred = p.preferredName && p.preferredName !== p.givenName ? ` “${p.preferredName}”` : '';
  return `${p.givenName}${preferred} ${p.familyName}`;
}

/** A US number in E.164 as people write it, (617) 555-0142; other numbers as stored. */
export function formatPhone(phone: string | null): string {
  if (!phone) return '—';
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : phone;
}

export const SHORT_ROLE_LABELS: Record<string, string> = { admin: 'Administrator', agent: 'Front desk', clinician: 'Clinician', quality_manager: 'Quality', viewer: 'Viewer' };

export const SEX_LABELS: Record<string, string> = { female: 'Female', male: 'Male', other: 'Other', unknown: 'Unknown' };
export const CHANNEL_LABELS: Record<string, string> = { sms: 'Text message (SMS)', email: 'E-mail', phone: 'Phone call', none: 'Do not contact' };
export const LANGUAGE_LABELS: Record<string, string> = { en: 'English', es: 'Spanish (Español)' };
export const ROLE_LABELS: Record<string, string> = {
  admin: 'Administrator', agent: 'Front desk / call center agent', clinician: 'Clinician', quality_manager: 'Quality manager', viewer: 'Viewer (read only)',
};
