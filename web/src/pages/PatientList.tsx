import { useSearchParams, Link } from 'react-router-dom';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { Badge, Button, Group, Pagination, Paper, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { api, query } from '../api.js';
import { ageOf, formatDate, formatPhone, fullName } from '../format.js';
import { useSignedIn } from '../session.js';
import type { Page, PatientSummary } from '../types.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { usePageTitle } from '../components/usePageTitle.js';

const PAGE_SIZE = 25;

export function PatientList() {
  usePageTitle('Patients');
  const { can } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [tag, setTag] = useState(params.get('tag') ?? '');
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [debouncedTag] = useDebouncedValue(tag.trim(), 300);

  // The search lives in the address so that Back from a patient returns to the same results.
  useEffect(() => {
    const next = new URLSearchParams();
    if (debouncedQ) next.set('q', debouncedQ);
    if (debouncedTag) next.set('tag', debouncedTag);
    const samePage = debouncedQ === (params.get('q') ?? '') && debouncedTag === (params.get('tag') ?? '');
    if (samePage && page > 1) next.set('page', String(page));
    if (next.toString() !== params.toString()) setParams(next, { replace: true });
  }, [debouncedQ, debouncedTag, page, params, setParams]);

  const results = useQuery({
    queryKey: ['patients', debouncedQ, debouncedTag, page],
    queryFn: () => api.get<Page<PatientSummary>>(`/api/patients${query({ q: debouncedQ, tag: debouncedTag.toLowerCase(), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });

  const data = results.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const from = data && data.total > 0 ? data.offset + 1 : 0;
  const to = data ? data.offset + data.items.length : 0;

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Patients</Title>
        <Group gap="xs">
          {can('patients:import') && <Button component={Link} to="/patients/import" variant="default">Import CSV</Button>}
          {can('patients:write') && <Button component={Link} to="/patients/new">New patient</Button>}
        </Group>
      </Group>
      <Paper withBorder p="md">
        <form role="search" onSubmit={(event) => event.preventDefault()}>
          <Group align="flex-end" gap="sm" mb="md">
            <TextInput
              label="Search patients"
              description="Name, phone, date of birth (YYYY-MM-DD or MM/DD/YYYY) or MRN"
              placeholder="e.g. Maria Lopez, (617) 555-0142, 1984-03-02 or an MRN"
              value={q}
              onChange={(event) => setQ(event.currentTarget.value)}
              style={{ flex: 1, minWidth: 260 }}
              type="search"
              data-autofocus
              autoFocus
            />
            <TextInput
              label="Tag"
              description="Only patients with this tag"
              placeholder="e.g. diabetes"
              value={tag}
              onChange={(event) => setTag(event.currentTarget.value)}
              w={200}
            />
          </Group>
        </form>
        <ErrorAlert error={results.error} title="The search failed" />
        <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
          {results.isPending ? 'Searching…' : data && data.total === 0
            ? (debouncedQ || debouncedTag ? 'No patient matches this search.' : 'No patients registered yet.')
            : data ? `Showing ${from}–${to} of ${data.total}${data.totalIsCapped ? '+' : ''} patient${data.total === 1 ? '' : 's'}${data.totalIsCapped ? ' (narrow the search)' : ''}` : ''}
        </Text>
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover aria-label="Patients found">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">MRN</Table.Th>
                  <Table.Th scope="col">Date of birth</Table.Th>
                  <Table.Th scope="col">Phone</Table.Th>
                  <Table.Th scope="col">E-mail</Table.Th>
                  <Table.Th scope="col">Tags</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((patient) => (
                  <Table.Tr key={patient.id}>
                    <Table.Td>
                      <Link className="table-link" to={`/patients/${patient.id}`}>{fullName(patient)}</Link>
                      {patient.status === 'merged' && <Badge ml="xs" size="xs" color="gray" variant="outline">merged</Badge>}
                    </Table.Td>
                    <Table.Td ff="monospace">{patient.mrn}</Table.Td>
                    <Table.Td>{formatDate(patient.dateOfBirth)} <Text span c="dimmed" fz="xs">({ageOf(patient.dateOfBirth)} y)</Text></Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatPhone(patient.phone)}</Table.Td>
                    <Table.Td>{patient.email ?? '—'}</Table.Td>
                    <Table.Td>
                      <Group gap={4}>{patient.tags.map((t) => <Badge key={t} size="sm" variant="default" tt="none">{t}</Badge>)}</Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pages > 1 && (
          <Group justify="flex-end" mt="md">
            <Pagination
              total={pages}
              value={page}
              onChange={(next) => setParams((current) => { const p = new URLSearchParams(current); p.set('page', String(next)); return p; })}
              size="sm"
            />
          </Group>
        )}
      </Paper>
    </>
  );
}
