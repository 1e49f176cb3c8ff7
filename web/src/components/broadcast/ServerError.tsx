import { Alert } from '@mantine/core';

/**
 * The server's sentence for a refused broadcast, as it wrote it ("The message is empty: write the
 * text message, the e-mail, or both."). The fields it names are marked on the form as well.
 */
export function ServerError({ error, title }: { error: unknown; title: string }) {
  if (!error) return null;
  return <Alert color="red" title={title} role="alert" variant="light">{error instanceof Error ? error.message : String(error)}</Alert>;
}
