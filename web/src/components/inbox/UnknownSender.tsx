import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import type { ConversationDetail } from '../../types.js';
import { PatientPicker, type PickedPatient } from './PatientPicker.js';
import { RegisterSenderForm } from './RegisterSenderForm.js';
import { useLinkSender } from './useLinkSender.js';

/** The banner over a conversation with an unknown sender: link to an existing patient, or register a new one. */
export function UnknownSenderBanner({ detail }: { detail: ConversationDetail }) {
  const [dialog, setDialog] = useState<'link' | 'register' | null>(null);
  const address = detail.contactAddress ?? 'without an address';
  return (
    <>
      <Alert color="orange" variant="light" p="xs" radius={0} title={`Unverified contact ${address}`} data-testid="unverified-banner">
        <Text fz="sm" mb={6}>This sender is not matched to a patient. Check who it is before sharing health information.</Text>
        <Group gap="xs">
          <Button size="xs" onClick={() => setDialog('link')}>Link to a patient</Button>
          <Button size="xs" variant="default" onClick={() => setDialog('register')}>Register new patient</Button>
        </Group>
      </Alert>
      <Modal opened={dialog === 'link'} onClose={() => setDialog(null)} title={`Link ${address} to a patient`} centered closeButtonProps={{ 'aria-label': 'Close' }}>
        {dialog === 'link' && <LinkForm detail={detail} onDone={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog === 'register'} onClose={() => setDialog(null)} title={`Register ${detail.contactName ?? address} as a new patient`} centered size={920} closeButtonProps={{ 'aria-label': 'Close' }}>
        {dialog === 'register' && <RegisterSenderForm detail={detail} onDone={() => setDialog(null)} />}
      </Modal>
    </>
  );
}

function LinkForm({ detail, onDone }: { detail: ConversationDetail; onDone(): void }) {
  const [patient, setPatient] = useState<PickedPatient | null>(null);
  const [saveAddress, setSaveAddress] = useState(Boolean(detail.contactAddress));
  const link = useLinkSender(detail, onDone);
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (patient) link.mutate({ patientId: patient.id, saveAddress }); }}>
      <Stack gap="sm">
        <PatientPicker value={patient} onChange={setPatient} autoFocus />
        {detail.contactAddress && (
          <Checkbox label={`Save ${detail.contactAddress} on the patient's record, so the next message is recognised`} checked={saveAddress}
            onChange={(e) => setSaveAddress(e.currentTarget.checked)} />
        )}
        <Text fz="xs" c="dimmed">Every conversation from this address on this channel is linked.</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>Cancel</Button>
          <Button type="submit" disabled={!patient} loading={link.isPending}>Link to this patient</Button>
        </Group>
      </Stack>
    </form>
  );
}
