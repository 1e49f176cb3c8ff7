import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Badge, Checkbox, Group, NativeSelect, Pagination, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { CaseView } from '../../components/feedback/CaseView.js';
import { outcomeLabel, reasonLabel, relative } from '../../components/feedback/labels.js';
import { useDepartmentList } from '../../components/feedback/queries.js';
import { ScoreBadges } from '../../components/feedback/ScoreBadges.js';
import type { ListOf, RecoveryCase } from '../../components/feedback/types.js';

const PAGE_SIZE = 25;

/** Unhappy patients to call back: the worklist, open cases soonest due first, and one case at a time. */
export function RecoveryCases() {
  const { id } = useParams();
  usePageTitle(id ? 'Recovery case' : 'Recovery cases');
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>{id ? 'Recovery case' : 'Recovery cases'}</Title>
        {id && <Anchor component={Link} to="/feedback/recovery" c="blue.9" underline="always">Back to the worklist</Anchor>}
      </Group>
      {id ? <CaseView key={id} id={id} /> : <Worklist />}
    </>
  );
}

function Worklist() {
  const { user } = useSignedIn();
  const [scope, setScope] = useState<'mine' | 'all'>('all');
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const [departmentId, setDepartmentId] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const filter = <T,>(set: (value: T) => void) => (value: T) => { set(value); setPage(1); };
  const cases = useQuery({
    queryKey: ['feedback', 'recovery-cases', scope, status, departmentId, overdue, page],
    queryFn: () => api.get<ListOf<RecoveryCase>>(`/api/feedback/recovery-cases${query({
      status, ownerId: scope === 'mine' ? user.id : undefined, departmentId, overdue: status === 'open' && overdue ? true : undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
    })}`),
    placeholderData: keepPreviousData,
  });
  const departments = useDepartmentList();
  const data = cases.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <Paper withBorder p="md">
      <Group align="flex-end" gap="md" mb="md">
        <SegmentedControl aria-label="Whose cases" value={scope} onChange={(v) => filter(setScope)(v === 'mine' ? 'mine' : 'all')} data={[{ value: 'all', label: 'All' }, { value: 'mine', label: 'Mine' }]} />
        <SegmentedControl aria-label="Open or closed" value={status} onChange={(v) => filter(setStatus)(v === 'closed' ? 'closed' : 'open')} data={[{ value: 'open', label: 'Open' }, { value: 'closed', label: 'Closed' }]} />
        <NativeSelect label="Department" value={departmentId} onChange={(e) => filter(setDepartmentId)(e.currentTarget.value)} w={220}
          data={[{ value: '', label: 'All departments' }, ...(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))]} />
        {status === 'open' && <Checkbox label="Overdue only" checked={overdue} onChange={(e) => filter(setOverdue)(e.currentTarget.checked)} mb={8} />}
      </Group>
      <ErrorAlert error={cases.error} title="The worklist could not be loaded" />
      <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
        {cases.isPending ? 'Loading…' : data && data.total === 0 ? (status === 'open' ? 'No open case: nobody is waiting for a call back.' : 'No closed case.') : data ? `${data.total} ${status} case${data.total === 1 ? '' : 's'}` : ''}
      </Text>
      {data && data.items.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table aria-label={status === 'open' ? 'Open recovery cases' : 'Closed recovery cases'}>
            <Table.Thead>
              <Table.Tr>{[status === 'open' ? 'Due' : 'Closed', 'Patient', 'Why', 'Answer', 'Owner'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((c) => (
                <Table.Tr key={c.id} bg={c.overdue ? 'red.0' : undefined}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {c.status === 'open' ? (
                      <>
                        <Text fz="sm" fw={600} c={c.overdue ? 'red.9' : undefined}>{c.overdue ? `Overdue, due ${relative(c.dueAt)}` : `Due ${relative(c.dueAt)}`}</Text>
                        <Text fz="xs" c="gray.7">{formatDateTime(c.dueAt)}</Text>
                      </>
                    ) : (
                      <>
                        <Text fz="sm" fw={600}>{outcomeLabel(c.outcome)}</Text>
                        <Text fz="xs" c="gray.7">{formatDateTime(c.closedAt)}</Text>
                      </>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Link className="table-link" to={`/feedback/recovery/${c.id}`} aria-label={`Open the case of ${c.patient.name}`}>{c.patient.name}</Link>
                    <Text fz="xs" c="gray.7" ff="monospace">{c.patient.mrn}</Text>
                  </Table.Td>
                  <Table.Td><Group gap={4}>{c.reasons.map((r) => <Badge key={r} color="red" variant="light" tt="none">{reasonLabel(r)}</Badge>)}</Group></Table.Td>
                  <Table.Td maw={320}>
                    <ScoreBadges nps={c.response.nps} csat={c.response.csat} ces={c.response.ces} />
                    {c.response.comment && <Text fz="sm" lineClamp={2} mt={4}>“{c.response.comment}”</Text>}
                  </Table.Td>
                  <Table.Td>{c.ownerName ?? <Text span c="gray.7" fz="sm">Unassigned</Text>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {pages > 1 && (
        <Stack align="flex-end" mt="md">
          <Pagination total={pages} value={page} onChange={setPage} size="sm" />
        </Stack>
      )}
    </Paper>
  );
}
