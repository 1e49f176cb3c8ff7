import { Button, CopyButton, Group, Modal, Stack, Text, TextInput } from '@mantine/core';

/** The patient's signed link to this thread, to copy by hand where the clipboard is not available. */
export function CopyLinkDialog({ link, onClose }: { link: string | null; onClose(): void }) {
  return (
    <Modal opened={link !== null} onClose={onClose} title="Patient link" centered closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack gap="sm">
        <Text fz="sm">The patient can read and answer this conversation with this link, without an account. It expires in 30 days.</Text>
        <TextInput label="Link" value={link ?? ''} readOnly onFocus={(e) => e.currentTarget.select()} data-autofocus />
        <Group justify="flex-end">
          <CopyButton value={link ?? ''}>
            {({ copied, copy }) => <Button onClick={copy} color={copied ? 'green.8' : undefined}>{copied ? 'Copied' : 'Copy'}</Button>}
          </CopyButton>
          <Button variant="default" onClick={onClose}>Close</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
