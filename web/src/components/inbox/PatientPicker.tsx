import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { api, query } from '../../api.js';
import { formatDate, fullName } from '../../format.js';
import type { Page, PatientSummary } from '../../types.js';

export interface PickedPatient {
  id: string;
  label: string;
}

interface Props {
  value: PickedPatient | null;
  onChange(patient: PickedPatient | null): void;
  label?: string;
  error?: string;
  autoFocus?: boolean;
}

/** Finds a patient by name, phone, date of birth or MRN (the patient search), for linking, moving and new messages. */
export function PatientPicker({ value, onChange, label = 'Patient', error, autoFocus }: Props) {
  const [search, setSearch] = useState(value?.label ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const patients = useQuery({
    queryKey: ['patients', 'picker', debounced],
    queryFn: () => api.get<Page<PatientSummary>>(`/api/patients${query({ q: debounced, limit: 10 })}`),
    enabled: debounced.length >= 2 && debounced !== value?.label,
  });
  const found = (patients.data?.items ?? []).map((p) => ({ value: p.id, label: `${fullName(p)} · ${p.mrn} · born ${formatDate(p.dateOfBirth)}` }));
  // The chosen patient stays an option while the box shows its name (a search that would not find it).
  const options = value ? [{ value: value.id, label: value.label }, ...found.filter((o) => o.value !== value.id)] : found;
  return (
    <Select label={label} description="Name, phone, date of birth or MRN" placeholder="Search patients" searchable clearable
      data={options} value={value?.id ?? null} onChange={(id, option) => onChange(id && option ? { id, label: option.label } : null)}
      searchValue={search} onSearchChange={setSearch} filter={({ options: all }) => all}
      nothingFoundMessage={debounced.length >= 2 && !patients.isFetching ? 'No patient found' : debounced.length < 2 ? 'Type at least 2 characters' : 'Searching…'}
      error={error} data-autofocus={autoFocus || undefined} comboboxProps={{ withinPortal: true }} />
  );
}
