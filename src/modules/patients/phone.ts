import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A phone number in E.164 (+15551234567), or null when it is not a valid number. */
export function toE164(raw: string, defaultCountry: CountryCode = 'US'): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** The numbers one slip of the finger away: each pair of neighbouring digits swapped. */
export function transposedDigits(value: string): string[] {
  const prefix = value.startsWith('+') ? '+' : '';
  const digits = value.replace(/\D/g, '');
  const variants = new Set<string>();
  for (let i = 0; i < digits.length - 1; i += 1) {
    if (digits[i] === digits[i + 1]) continue;
    variants.add(prefix + digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2));
  }
  return [...variants];
}
