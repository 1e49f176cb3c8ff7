import { Link, useParams } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Anchor, Grid, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { api } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { BookReferral } from '../../components/referrals/BookReferral.js';
import { dueText, KIND_LABELS, STATUS_LABELS, StatusBadge, UrgencyBadge } from '../../components/referrals/labels.js';
import { MoveReferral } from '../../components/referrals/MoveReferral.js';
import { STATUS_LABELS as VISIT_STATUS } from '../../components/schedule/scheduleApi.js';
import type { ReferralDetail as Detail } from '../../types-referrals.js';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text fz="xs" c="gray.7" fw={600}>{label}</Text>
      <Text fz="sm" component="div">{children}</Text>
    </div>
  );
}

/** One referral: where it stands, its visit, the next step (or booking) and its history. */
export function ReferralDetail() {
  const { id = '' } = useParams();
  const { can } = useSignedIn();
  const referral = useQuery({ queryKey: ['referrals', 'one', id], queryFn: () => api.get<Detail>(`/api/referrals/${id}`) });
  const r = referral.data;
  usePageTitle(r ? `Referral to ${r.destination}` : 'Referral');
  const closed = r ? r.status === 'result_received' || r.status === 'declined' || r.status === 'cancelled' : false;
  return (
    <>
      <Group justify="space-between" mb="md">
        <Title order={1}>{r ? `Referral to ${r.destination}` : 'Referral'}</Title>
        <Anchor component={Link} to="/referrals" c="blue.9" underline="always">Back to referrals</Anchor>
      </Group>
      <ErrorAlert error={referral.error} title="The referral could not be loaded" />
      {r && (
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack>
              <Paper withBorder p="md" component="section" aria-labelledby="referral-facts-heading">
                <Group justify="space-between" mb="sm">
                  <Title order={2} fz="h4" id="referral-facts-heading">Referral</Title>
                  <Group gap="xs"><UrgencyBadge urgency={r.urgency} /><StatusBadge status={r.status} /></Group>
                </Group>
                <Grid gap="sm">
                  <Grid.Col span={6}><Fact label="Patient"><Link className="table-link" to={`/patients/${r.patientId}`}>{r.patient.name}</Link> <Text span fz="xs" ff="monospace" c="gray.7">{r.patient.mrn}</Text></Fact></Grid.Col>
                  <Grid.Col span={6}><Fact label="Kind">{KIND_LABELS[r.kind]}</Fact></Grid.Col>
                  <Grid.Col span={6}><Fact label={closed ? 'Was due' : 'Due'}>{!closed && <><Text span fz="sm" fw={r.overdue ? 700 : undefined} c={r.overdue ? 'red.9' : undefined}>{dueText(r)}</Text> · </>}{formatDateTime(r.dueAt)}</Fact></Grid.Col>
                  <Grid.Col span={6}><Fact label="Referring department">{r.departmentName ?? '—'}</Fact></Grid.Col>
                  <Grid.Col span={12}><Fact label="Reason">{r.reason}</Fact></Grid.Col>
                  {r.notes ? <Grid.Col span={12}><Fact label="Notes">{r.notes}</Fact></Grid.Col> : null}
                  <Grid.Col span={6}><Fact label="Sent">{formatDateTime(r.sentAt)} by {r.referredBy}</Fact></Grid.Col>
                  <Grid.Col span={6}>
                    <Fact label="Visit">
                      {r.appointment ? (
                        <>{r.appointment.serviceName}, {r.appointment.label} with {r.appointment.providerName} at {r.appointment.locationName} ({VISIT_STATUS[r.appointment.status as keyof typeof VISIT_STATUS] ?? r.appointment.status})</>
                      ) : r.appointmentAt ? `Arranged elsewhere: ${formatDateTime(r.appointmentAt)}` : 'Not booked'}
                    </Fact>
                  </Grid.Col>
                  {r.resultSummary ? <Grid.Col span={12}><Fact label={`Result (received ${formatDateTime(r.resultReceivedAt)})`}>{r.resultSummary}</Fact></Grid.Col> : null}
                  {r.closeReason ? <Grid.Col span={12}><Fact label={`${STATUS_LABELS[r.status]} (${formatDateTime(r.closedAt)})`}>{r.closeReason}</Fact></Grid.Col> : null}
                </Grid>
              </Paper>
              <Paper withBorder p="md" component="section" aria-labelledby="referral-history-heading">
                <Title order={2} fz="h4" id="referral-history-heading" mb="sm">History</Title>
                <Table aria-label="Referral history">
                  <Table.Thead><Table.Tr>{['When', 'Step', 'By', 'Note'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr></Table.Thead>
                  <Table.Tbody>
                    {r.history.map((h, i) => (
                      <Table.Tr key={`${h.at}-${i}`}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(h.at)}</Table.Td>
                        <Table.Td>{h.fromStatus ? `${STATUS_LABELS[h.fromStatus]} → ${STATUS_LABELS[h.toStatus]}` : STATUS_LABELS[h.toStatus]}</Table.Td>
                        <Table.Td>{h.by}</Table.Td>
                        <Table.Td>{h.note ?? '—'}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Paper>
            </Stack>
          </Grid.Col>
          {can('referrals:write') && !closed && (
            <Grid.Col span={{ base: 12, md: 5 }}>
              <Stack>
                {r.status === 'sent' && can('schedule:book') && <Paper withBorder p="md"><BookReferral referral={r} /></Paper>}
                <Paper withBorder p="md"><MoveReferral key={r.status} referral={r} /></Paper>
              </Stack>
            </Grid.Col>
          )}
        </Grid>
      )}
    </>
  );
}
