import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { api, query } from '../../api.js';
import { useSignedIn } from '../../session.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { ReferralTable } from '../referrals/ReferralTable.js';
import type { ReferralList } from '../../types-referrals.js';

/** The patient's referrals: open ones first (overdue on top), then the most recent closed ones. */
export function ReferralsCard({ patientId }: { patientId: string }) {
  const { can } = useSignedIn();
  const open = useQuery({ queryKey: ['referrals', 'patient', patientId, 'open'], queryFn: () => api.get<ReferralList>(`/api/referrals${query({ patientId, status: 'open', limit: 50 })}`) });
  const closed = useQuery({ queryKey: ['referrals', 'patient', patientId, 'closed'], queryFn: () => api.get<ReferralList>(`/api/referrals${query({ patientId, status: 'closed', limit: 10 })}`) });
  const items = [...(open.data?.items ?? []), ...(closed.data?.items ?? [])];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="patient-referrals-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4" id="patient-referrals-heading">Referrals</Title>
        {can('referrals:write') && <Button component={Link} to={`/referrals/new?patientId=${patientId}`} size="xs" variant="light">New referral</Button>}
      </Group>
      <ErrorAlert error={open.error ?? closed.error} title="The referrals could not be loaded" />
      {open.isPending || closed.isPending ? <Text fz="sm" c="dimmed">Loading…</Text> : items.length === 0 ? (
        <Text fz="sm" c="dimmed">No referral for this patient.</Text>
      ) : (
        <>
          <Text fz="sm" c="dimmed" mb="xs">{open.data?.total ?? 0} open{open.data?.overdue ? `, ${open.data.overdue} overdue` : ''}{(closed.data?.total ?? 0) > 10 ? ' · the 10 latest closed' : ''}</Text>
          <ReferralTable items={items} label="Referrals of this patient" showPatient={false} />
        </>
      )}
    </Paper>
  );
}
