import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api, query } from '../../api.js';
import { fullName } from '../../format.js';

interface Found { id: string; givenName: string; familyName: string; preferredName: string | null; mrn: string; status: string }
export interface PickedPatient { value: string; label: string }

/** An incident may name a patient, or not: a search box that can stay empty. */
export function OptionalPatientPicker({ value, onChange, error }: { value: PickedPatient | null; onChange(next: PickedPatient | null): void; error?: string | undefined }) {
  const [search, setSearch] = useState(value?.label ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const patients = useQuery({
    queryKey: ['quality', 'patients', debounced],
    queryFn: () => api.get<{ items: Found[] }>(`/api/patients${query({ q: debounced, limit: 10 })}`),
    enabled: debounced.length >= 2 && debounced !== value?.label,
  });
  const found = (patients.data?.items ?? []).filter((p) => p.status !== 'merged').map((p) => ({ value: p.id, label: `${fullName(p)} · ${p.mrn}` }));
  const options = value ? [value, ...found.filter((o) => o.value !== value.value)] : found;
  return (
    <Select label="Patient involved (optional)" description="Name, phone, date of birth or MRN; leave empty when no patient was involved" searchable clearable
      placeholder="Search patients" data={options} value={value?.value ?? null}
      onChange={(_, option) => onChange(option ? { value: option.value, label: option.label } : null)}
      searchValue={search} onSearchChange={setSearch} filter={({ options: all }) => all}
      nothingFoundMessage={debounced.length >= 2 && !patients.isFetching ? 'No patient found' : undefined} error={error} />
  );
}
