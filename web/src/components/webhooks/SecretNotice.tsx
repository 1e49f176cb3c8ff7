import { Alert, Button, Code, CopyButton, Group, Text } from '@mantine/core';

/** A signing secret, shown once (at creation or rotation), with a copy button. */
export function SecretNotice({ name, secret, rotated, onClose }: { name: string; secret: string; rotated: boolean; onClose(): void }) {
  return (
    <Alert color="green" variant="light" title={`${rotated ? 'New signing secret for' : 'Endpoint'} “${name}”${rotated ? '' : ' created'} — copy the secret now`} role="status" withCloseButton onClose={onClose} closeButtonLabel="Hide the secret">
      <Text fz="sm" mb="xs">
        This is the only time the signing secret is shown. The receiver uses it to check the <Code>Careloop-Signature</Code> header of every request.
        {rotated && ' The old secret no longer signs anything.'}
      </Text>
      <Group gap="xs" wrap="nowrap">
        <Code block style={{ flex: 1, wordBreak: 'break-all' }} data-testid="webhook-secret">{secret}</Code>
        <CopyButton value={secret}>
          {({ copied, copy }) => <Button size="xs" variant={copied ? 'filled' : 'default'} onClick={copy}>{copied ? 'Copied' : 'Copy'}</Button>}
        </CopyButton>
      </Group>
    </Alert>
  );
}
