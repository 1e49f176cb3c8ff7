import { useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Group, NativeSelect, Pagination, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useDepartmentList } from '../../components/feedback/queries.js';
import { KIND_LABELS, STATUS_LABELS, URGENCIES } from '../../components/referrals/labels.js';
import { ReferralTable } from '../../components/referrals/ReferralTable.js';
import type { ReferralList, ReferralStatus } from '../../types-referrals.js';

const PAGE_SIZE = 25;
type StatusFilter = 'open' | 'closed' | ReferralStatus | '';

/** The referral worklist: open referrals, overdue ones first, then soonest due. */
export function Referrals() {
  usePageTitle('Referrals');
  const { can } = useSignedIn();
  const [status, setStatus] = useState<StatusFilter>('open');
  const [urgency, setUrgency] = useState('');
  const [kind, setKind] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const filter = <T,>(set: (value: T) => void) => (value: T) => { set(value); setPage(1); };
  const referrals = useQuery({
    queryKey: ['referrals', 'list', status, urgency, kind, departmentId, overdue, page],
    queryFn: () => api.get<ReferralList>(`/api/referrals${query({
      status, urgency, kind, departmentId, overdue: overdue ? true : undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE,
    })}`),
    placeholderData: keepPreviousData,
  });
  const departments = useDepartmentList();
  const data = referrals.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const statusData = [{ value: 'open', label: 'Open (not closed yet)' }, { value: 'closed', label: 'Closed' }, { value: '', label: 'Any status' },
    ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))];

  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>Referrals</Title>
        {can('referrals:write') && <Button component={Link} to="/referrals/new">New referral</Button>}
      </Group>
      <Paper withBorder p="md">
        <Group align="flex-end" gap="md" mb="md">
          <NativeSelect label="Status" value={status} onChange={(e) => filter(setStatus)(e.currentTarget.value as StatusFilter)} w={200} data={statusData} />
          <NativeSelect label="Urgency" value={urgency} onChange={(e) => filter(setUrgency)(e.currentTarget.value)} w={150}
            data={[{ value: '', label: 'Any urgency' }, ...URGENCIES.map((u) => ({ value: u.value, label: u.label }))]} />
          <NativeSelect label="Kind" value={kind} onChange={(e) => filter(setKind)(e.currentTarget.value)} w={170}
            data={[{ value: '', label: 'Any kind' }, ...Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))]} />
          <NativeSelect label="Referring department" value={departmentId} onChange={(e) => filter(setDepartmentId)(e.currentTarget.value)} w={220}
            data={[{ value: '', label: 'All departments' }, ...(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))]} />
          <SegmentedControl aria-label="Overdue or all" value={overdue ? 'overdue' : 'all'} onChange={(v) => filter(setOverdue)(v === 'overdue')}
            data={[{ value: 'all', label: 'All' }, { value: 'overdue', label: `Overdue${data && !overdue ? ` (${data.overdue})` : ''}` }]} />
        </Group>
        <ErrorAlert error={referrals.error} title="The referrals could not be loaded" />
        <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
          {referrals.isPending ? 'Loading…' : data && data.total === 0 ? 'No referral matches.' : data ? `${data.total} referral${data.total === 1 ? '' : 's'}${data.overdue ? `, ${data.overdue} overdue` : ''}` : ''}
        </Text>
        {data && data.items.length > 0 && <ReferralTable items={data.items} label="Referrals" />}
        {pages > 1 && (
          <Stack align="flex-end" mt="md">
            <Pagination total={pages} value={page} onChange={setPage} size="sm" />
          </Stack>
        )}
      </Paper>
    </>
  );
}
