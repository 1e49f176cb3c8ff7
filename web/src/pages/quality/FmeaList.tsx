import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Badge, Button, Group, NativeSelect, Pagination, Paper, Stack, Table, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert, fieldError } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { WORKSHEET_STATUS_COLORS, WORKSHEET_STATUS_LABELS } from '../../components/quality/FmeaLabels.js';
import { FmeaRpnBadge } from '../../components/quality/FmeaRpnBadge.js';
import type { FmeaWorksheet, FmeaWorksheetListItem, WorksheetStatus } from '../../types-fmea.js';

const PAGE_SIZE = 25;
/** The RPN's own band (the severity rule is counted in "High priority"). */
const rpnBand = (rpn: number | null) => (rpn === null ? null : rpn >= 200 ? 'high' : rpn >= 100 ? 'medium' : 'low');

/** FMEA worksheets: the list (not archived unless asked), and a form to start one. */
export function FmeaList() {
  usePageTitle('FMEA worksheets');
  const { can } = useSignedIn();
  const [status, setStatus] = useState<WorksheetStatus | ''>('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['quality', 'fmea', 'list', status, search, page],
    queryFn: () => api.get<{ items: FmeaWorksheetListItem[]; total: number }>(`/api/quality/fmea${query({ status, q: search.trim(), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const data = list.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <>
      <Title order={1} mb="xs">FMEA worksheets</Title>
      <Text fz="sm" c="gray.7" mb="md" maw={760}>
        Failure mode and effects analysis: walk through a process step by step, ask how each step could fail, score each failure mode
        for severity, occurrence and detection, and act on the highest risk priority numbers (RPN) first.
      </Text>
      <Stack gap="md">
        {can('quality:manage') && <NewWorksheet />}
        <Paper withBorder p="md">
          <Group align="flex-end" gap="md" mb="md">
            <NativeSelect label="Status" value={status} w={200} onChange={(e) => { setStatus(e.currentTarget.value as WorksheetStatus | ''); setPage(1); }}
              data={[{ value: '', label: 'All but archived' }, ...Object.entries(WORKSHEET_STATUS_LABELS).map(([value, label]) => ({ value, label }))]} />
            <TextInput label="Search" placeholder="Title or process" value={search} w={280} onChange={(e) => { setSearch(e.currentTarget.value); setPage(1); }} />
          </Group>
          <ErrorAlert error={list.error} title="The worksheets could not be loaded" />
          <Text fz="sm" c="gray.7" mb="xs" role="status" aria-live="polite">
            {list.isPending ? 'Loading…' : data ? (data.total === 0 ? 'No worksheet.' : `${data.total} worksheet${data.total === 1 ? '' : 's'}`) : ''}
          </Text>
          {data && data.items.length > 0 && (
            <Table.ScrollContainer minWidth={860}>
              <Table aria-label="FMEA worksheets" highlightOnHover>
                <Table.Thead>
                  <Table.Tr>{['Worksheet', 'Status', 'Steps', 'Failure modes', 'High priority', 'Highest RPN', 'Open actions', 'Changed'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((w) => (
                    <Table.Tr key={w.id}>
                      <Table.Td>
                        <Link className="table-link" to={`/quality/fmea/${w.id}`}>{w.title}</Link>
                        {w.process && <Text fz="xs" c="gray.7" lineClamp={1} maw={420}>{w.process}</Text>}
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>
                        <Badge color={WORKSHEET_STATUS_COLORS[w.status]} variant="light" tt="none" styles={{ root: { flexShrink: 0 }, label: { overflow: 'visible' } }}>{WORKSHEET_STATUS_LABELS[w.status]}</Badge>
                      </Table.Td>
                      <Table.Td>{w.stepCount}</Table.Td>
                      <Table.Td>{w.failureModeCount}</Table.Td>
                      <Table.Td><Text span fz="sm" fw={w.highPriorityCount > 0 ? 700 : undefined} c={w.highPriorityCount > 0 ? 'red.9' : undefined}>{w.highPriorityCount}</Text></Table.Td>
                      <Table.Td><FmeaRpnBadge rpn={w.highestRpn} priority={rpnBand(w.highestRpn)} label="Highest RPN" /></Table.Td>
                      <Table.Td>{w.openActionCount}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(w.updatedAt)}</Table.Td>
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
      </Stack>
    </>
  );
}

function NewWorksheet() {
  const navigate = useNavigate();
  const [title, setTitle] = useState('');
  const [process, setProcess] = useState('');
  const [scope, setScope] = useState('');
  const [team, setTeam] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: () => api.post<FmeaWorksheet>('/api/quality/fmea', { title, process, scope, team }),
    onSuccess: (worksheet) => navigate(`/quality/fmea/${worksheet.id}`),
  });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">Start a worksheet</Title>
      <form onSubmit={(event) => { event.preventDefault(); create.mutate(); }} aria-label="Start a worksheet">
        <ErrorAlert error={create.error} title="The worksheet could not be started" />
        <Group align="flex-start" gap="md" mt="xs" wrap="wrap">
          <TextInput label="Process" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} w={280}
            placeholder="e.g. Appointment reminders" error={fieldError(create.error, 'title')} />
          <Textarea label="What the process is for" autosize minRows={1} value={process} onChange={(e) => setProcess(e.currentTarget.value)} w={320}
            placeholder="Where it starts and ends" />
          <Textarea label="Scope" autosize minRows={1} value={scope} onChange={(e) => setScope(e.currentTarget.value)} w={260} placeholder="What is in and out" />
          <TagsInput label="Team" description="Press Enter after each name" value={team} onChange={setTeam} w={280} />
        </Group>
        <Button type="submit" mt="sm" loading={create.isPending}>Start the worksheet</Button>
      </form>
    </Paper>
  );
}
