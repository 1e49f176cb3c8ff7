import { Alert, List } from '@mantine/core';
import { ApiError } from '../api.js';

/** The server's own words for what went wrong, with the per-field problems when there are some. */
export function ErrorAlert({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <Alert color="red" title={title} role="alert" variant="light">
      {fields.length > 1 ? (
        <List size="sm">{fields.map((f) => <List.Item key={f.field}>{f.field}: {f.message}</List.Item>)}</List>
      ) : message}
    </Alert>
  );
}

/** The message for one form field, from a validation error (field paths like "contactPoints.0.value"). */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = error.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`));
  if (problem) return problem.message;
  const details = error.details as { field?: string } | null;
  return details?.field === field ? error.message : undefined;
}
