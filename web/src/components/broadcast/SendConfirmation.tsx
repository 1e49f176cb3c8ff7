import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import type { Preview } from '../../types-broadcast.js';
import { ServerError } from './ServerError.js';
import { exclusionLabel, plural } from './labels.js';

/** The last question before a broadcast goes: to how many patients, on which channels. */
export function SendConfirmation({ title, preview, sending, error, onConfirm, onClose }: {
  title: string; preview: Preview; sending: boolean; error: unknown; onConfirm(): void; onClose(): void;
}) {
  const excluded = Object.entries(preview.excluded).filter(([, n]) => n > 0);
  return (
    <Modal opened onClose={onClose} title="Send this broadcast?" closeButtonProps={{ 'aria-label': 'Close' }} size="lg">
      <Stack gap="sm">
        <Text>
          “{title}” goes now to <strong>{plural(preview.total, 'patient')}</strong>: {plural(preview.byChannel.sms, 'text message')} and {plural(preview.byChannel.email, 'e-mail')}.
          A sent message cannot be taken back; what has not gone yet can be stopped from the broadcast’s page.
        </Text>
        {excluded.length > 0 && (
          <div>
            <Text fz="sm">Left out:</Text>
            <List size="sm">{excluded.map(([key, n]) => <List.Item key={key}>{exclusionLabel(key)}: {n.toLocaleString('en-US')}</List.Item>)}</List>
          </div>
        )}
        {preview.total === 0 && <Alert color="orange" variant="light">The preview finds nobody to send to.</Alert>}
        <ServerError error={error} title="The broadcast was not sent" />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Not yet</Button>
          <Button color="red" onClick={onConfirm} loading={sending} data-autofocus>Send to {plural(preview.total, 'patient')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
