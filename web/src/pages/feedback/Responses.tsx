import { useState } from 'react';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Anchor, Button, Drawer, Group, NativeSelect, Pagination, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { AnswerList, ScoreBadges } from '../../components/feedback/ScoreBadges.js';
import { nameIn, useDepartmentList } from '../../components/feedback/queries.js';
import type { ListOf, Survey, SurveyResponse } from '../../components/feedback/types.js';

const PAGE_SIZE = 25;
const GROUPS = [{ value: '', label: 'Everyone' }, { value: 'promoter', label: 'Promoters (9–10)' }, { value: 'passive', label: 'Passives (7–8)' }, { value: 'detractor', label: 'Detractors (0–6)' }];
const CHANNELS: Record<string, string> = { sms: 'text message', email: 'e-mail', web_chat: 'web chat', whatsapp: 'WhatsApp' };
const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** What patients answered: filter by period, survey, department and NPS group; open one to read it all. */
export function Responses() {
  usePageTitle('Survey responses');
  const [from, setFrom] = useState(() => isoDay(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(() => isoDay(new Date()));
  const [surveyId, setSurveyId] = useState('');
  const [departmentId, setDepartmentId] = useState('');
  const [group, setGroup] = useState('');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const filter = <T,>(set: (value: T) => void) => (value: T) => { set(value); setPage(1); };

  const responses = useQuery({
    queryKey: ['feedback', 'responses', from, to, surveyId, departmentId, group, page],
    queryFn: () => api.get<ListOf<SurveyResponse>>(`/api/feedback/responses${query({ from, to, surveyId, departmentId, group, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`),
    placeholderData: keepPreviousData,
  });
  const surveys = useQuery({ queryKey: ['feedback', 'surveys'], queryFn: () => api.get<ListOf<Survey>>('/api/feedback/surveys') });
  const departments = useDepartmentList();
  const data = responses.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;
  const opened = data?.items.find((r) => r.id === openId) ?? null;

  return (
    <>
      <Title order={1} mb="md">Survey responses</Title>
      <Paper withBorder p="md">
        <Group align="flex-end" gap="md" mb="md">
          <TextInput type="date" label="From" value={from} max={to} onChange={(e) => filter(setFrom)(e.currentTarget.value)} w={160} />
          <TextInput type="date" label="To" value={to} min={from} onChange={(e) => filter(setTo)(e.currentTarget.value)} w={160} />
          <NativeSelect label="Survey" value={surveyId} onChange={(e) => filter(setSurveyId)(e.currentTarget.value)} w={220}
            data={[{ value: '', label: 'All surveys' }, ...(surveys.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))]} />
          <NativeSelect label="Department" value={departmentId} onChange={(e) => filter(setDepartmentId)(e.currentTarget.value)} w={200}
            data={[{ value: '', label: 'All departments' }, ...(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))]} />
          <NativeSelect label="NPS group" value={group} onChange={(e) => filter(setGroup)(e.currentTarget.value)} data={GROUPS} w={180} />
        </Group>
        <ErrorAlert error={responses.error} title="The responses could not be loaded" />
        <Text fz="sm" c="dimmed" mb="xs" role="status" aria-live="polite">
          {responses.isPending ? 'Loading…' : data && data.total === 0 ? 'No response in this period with these filters.' : data ? `${data.total} response${data.total === 1 ? '' : 's'}` : ''}
        </Text>
        {data && data.items.length > 0 && (
          <Table.ScrollContainer minWidth={900}>
            <Table striped aria-label="Responses">
              <Table.Thead>
                <Table.Tr>{['Answered', 'Patient', 'Survey', 'Scores', 'Comment', 'Recovery'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}<Table.Th scope="col"><span className="visually-hidden">Details</span></Table.Th></Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.submittedAt)}</Table.Td>
                    <Table.Td><Link className="table-link" to={`/patients/${r.patient.id}`}>{r.patient.name}</Link><Text fz="xs" c="dimmed" ff="monospace">{r.patient.mrn}</Text></Table.Td>
                    <Table.Td>{r.surveyName}<Text fz="xs" c="dimmed">{nameIn(departments.data, r.departmentId, 'No department')}</Text></Table.Td>
                    <Table.Td miw={180}><ScoreBadges nps={r.nps} csat={r.csat} ces={r.ces} /></Table.Td>
                    <Table.Td maw={320}><Text fz="sm" lineClamp={2}>{r.comment ?? <Text span c="dimmed" fz="sm">—</Text>}</Text></Table.Td>
                    <Table.Td>{r.recoveryCaseId ? <Anchor component={Link} to={`/feedback/recovery/${r.recoveryCaseId}`} fz="sm" c="blue.9" underline="always">Recovery case</Anchor> : <Text span c="dimmed" fz="sm">—</Text>}</Table.Td>
                    <Table.Td><Button size="compact-sm" variant="default" onClick={() => setOpenId(r.id)} aria-label={`Details of ${r.patient.name}'s answer`}>Details</Button></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {pages > 1 && (
          <Group justify="flex-end" mt="md">
            <Pagination total={pages} value={page} onChange={setPage} size="sm" />
          </Group>
        )}
      </Paper>
      <Drawer opened={opened !== null} onClose={() => setOpenId(null)} position="right" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}
        title={opened ? `${opened.patient.name}: ${opened.surveyName}` : ''}>
        {opened && (
          <Stack gap="sm">
            <Text fz="sm">Answered {formatDateTime(opened.submittedAt)} in {opened.language === 'es' ? 'Spanish' : 'English'}{opened.channel ? `, invited by ${CHANNELS[opened.channel] ?? opened.channel}` : ''}.</Text>
            <ScoreBadges nps={opened.nps} csat={opened.csat} ces={opened.ces} />
            <AnswerList answers={opened.answers} label="Questions and answers" />
            <Group>
              <Button component={Link} to={`/patients/${opened.patient.id}`} variant="default" size="sm">Open the patient</Button>
              {opened.recoveryCaseId && <Button component={Link} to={`/feedback/recovery/${opened.recoveryCaseId}`} size="sm">Open the recovery case</Button>}
            </Group>
          </Stack>
        )}
      </Drawer>
    </>
  );
}
