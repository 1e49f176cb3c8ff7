import { SimpleGrid, TextInput } from '@mantine/core';
import type { Address } from '../types.js';
import { fieldError } from './ErrorAlert.js';

export type AddressDraft = Required<Address>;

export const emptyAddress = (): AddressDraft => ({ line1: '', line2: '', city: '', region: '', postalCode: '', country: '' });
export const addressDraft = (address: Address | null): AddressDraft => ({ ...emptyAddress(), ...(address ?? {}) });

/** The address the API takes: blank parts left out, null when nothing is filled in. */
export function addressInput(draft: AddressDraft): Address | null {
  const entries = Object.entries(draft)
    .map(([key, value]) => [key, key === 'country' ? value.trim().toUpperCase() : value.trim()] as const)
    .filter(([, value]) => value !== '');
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

const FIELDS: { key: keyof AddressDraft; label: string; span?: number; placeholder?: string }[] = [
  { key: 'line1', label: 'Street address', span: 2 },
  { key: 'line2', label: 'Apartment, suite (optional)', span: 2 },
  { key: 'city', label: 'City' },
  { key: 'region', label: 'State / region' },
  { key: 'postalCode', label: 'Postal code' },
  { key: 'country', label: 'Country (2-letter code)', placeholder: 'US' },
];

export function AddressFields({ value, onChange, error }: { value: AddressDraft; onChange(next: AddressDraft): void; error: unknown }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="sm" verticalSpacing="xs">
      {FIELDS.map((field) => (
        <TextInput
          key={field.key}
          label={field.label}
          placeholder={field.placeholder}
          value={value[field.key]}
          maxLength={field.key === 'country' ? 2 : undefined}
          onChange={(event) => onChange({ ...value, [field.key]: event.currentTarget.value })}
          error={fieldError(error, `address.${field.key}`)}
          style={{ gridColumn: field.span ? `span ${field.span}` : undefined }}
        />
      ))}
    </SimpleGrid>
  );
}
