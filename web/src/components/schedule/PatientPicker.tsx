import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api, query } from '../../api.js';
import { fullName } from '../../format.js';
import type { Page, PatientSummary } from '../../types.js';

export interface PickedPatient { value: string; label: string }

/** The usual patient search (name, phone, date of birth or MRN) as a pick list. */
export function PatientPicker({ value, onChange, error, autoFocus }: { value: PickedPatient | null; onChange(next: PickedPatient | null): void; error?: string; autoFocus?: boolean }) {
  const [search, setSearch] = useState(value?.label ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const patients = useQuery({
    queryKey: ['schedule', 'patients', debounced],
    queryFn: () => api.get<Page<PatientSummary>>(`/api/patients${query({ q: debounced, limit: 10 })}`),
    enabled: debounced.length >= 2 && debounced !== value?.label,
  });
  const found = (patients.data?.items ?? []).filter((p) => p.status !== 'merged').map((p) => ({ value: p.id, label: `${fullName(p)} · ${p.mrn}` }));
  // The chosen patient stays an option while the box shows its name (a search that would not find it).
  const options = value ? [value, ...found.filter((o) => o.value !== value.value)] : found;
  return (
    <Select label="Patient" description="Name, phone, date of birth or MRN" searchable clearable required placeholder="Search patients"
      data={options} value={value?.value ?? null} onChange={(_, option) => onChange(option ? { value: option.value, label: option.label } : null)}
      searchValue={search} onSearchChange={setSearch} filter={({ options: all }) => all} data-autofocus={autoFocus || undefined}
      nothingFoundMessage={debounced.length >= 2 && !patients.isFetching ? 'No patient found' : undefined} error={error} />
  );
}
