import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { api } from '../../api.js';
import { useSession } from '../../session.js';
import type { Broadcast, Preview } from '../../types-broadcast.js';
import { ErrorAlert } from '../ErrorAlert.js';
import { CancelAppointmentsDialog } from './CancelAppointmentsDialog.js';
import { plural } from './labels.js';
import { BROADCASTS } from './queries.js';
import { SendConfirmation } from './SendConfirmation.js';

const channelsOf = (b: Broadcast) => [...(b.smsBody ? ['sms' as const] : []), ...(b.emailSubject || b.emailBody ? ['email' as const] : [])];

/** What a sender can do from the broadcast's page: send a draft, stop what has not gone, cancel the affected visits. */
export function BroadcastActions({ broadcast }: { broadcast: Broadcast }) {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<'send' | 'cancel' | 'appointments' | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: [BROADCASTS] });
  const preview = useMutation({
    mutationFn: () => {
      const channels = channelsOf(broadcast);
      return api.post<Preview>('/api/broadcasts/preview', { purpose: broadcast.purpose, segment: broadcast.segment, ...(channels.length > 0 && { channels }) });
    },
    onSuccess: () => setDialog('send'),
  });
  const send = useMutation({ mutationFn: () => api.post<Broadcast>(`/api/broadcasts/${broadcast.id}/send`), onSuccess: async () => { await refresh(); setDialog(null); } });
  const cancel = useMutation({ mutationFn: () => api.post<Broadcast>(`/api/broadcasts/${broadcast.id}/cancel`), onSuccess: async () => { await refresh(); setDialog(null); } });
  if (!can('broadcast:send')) return null;

  const open = broadcast.status === 'draft' || broadcast.status === 'sending';
  const waiting = broadcast.stats.pending + broadcast.stats.queued;
  // Once per broadcast; again only when some visits could not be cancelled the first time.
  const canCancelVisits = broadcast.segment.type === 'appointments' && broadcast.startedAt !== null && (!broadcast.appointmentsCancelled || broadcast.appointmentsCancelled.failed > 0);
  return (
    <>
      <Group gap="sm">
        {broadcast.status === 'draft' && (
          <>
            <Button variant="default" component={Link} to={`/broadcasts/new?draft=${broadcast.id}`}>Edit draft</Button>
            <Button onClick={() => preview.mutate()} loading={preview.isPending}>Review and send…</Button>
          </>
        )}
        {open && <Button variant="default" onClick={() => setDialog('cancel')}>{broadcast.status === 'draft' ? 'Discard draft…' : 'Cancel remaining…'}</Button>}
        {canCancelVisits && <Button variant="outline" color="red.9" onClick={() => setDialog('appointments')}>Cancel the affected visits…</Button>}
      </Group>
      <ErrorAlert error={preview.error} title="The preview did not work" />
      {dialog === 'send' && preview.data && (
        <SendConfirmation title={broadcast.title} preview={preview.data} sending={send.isPending} error={send.error}
          onConfirm={() => send.mutate()} onClose={() => { setDialog(null); send.reset(); }} />
      )}
      {dialog === 'cancel' && (
        <Modal opened onClose={() => { setDialog(null); cancel.reset(); }} title={broadcast.status === 'draft' ? 'Discard this draft?' : 'Cancel the remaining messages?'} closeButtonProps={{ 'aria-label': 'Close' }}>
          <Stack gap="sm">
            <Text fz="sm">
              {broadcast.status === 'draft'
                ? 'The draft is kept as cancelled and can no longer be sent.'
                : `${plural(waiting, 'message')} not yet handed to the outbox will not go. Messages already sent stay sent.`}
            </Text>
            <ErrorAlert error={cancel.error} title="Nothing was cancelled" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>{broadcast.status === 'draft' ? 'Keep the draft' : 'Keep sending'}</Button>
              <Button color="red" onClick={() => cancel.mutate()} loading={cancel.isPending} data-autofocus>{broadcast.status === 'draft' ? 'Discard the draft' : 'Cancel the remaining messages'}</Button>
            </Group>
          </Stack>
        </Modal>
      )}
      {dialog === 'appointments' && <CancelAppointmentsDialog broadcast={broadcast} onClose={() => setDialog(null)} />}
    </>
  );
}
