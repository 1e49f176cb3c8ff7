import type { ReactNode } from 'react';
import { Alert, Box, Container, Group, SegmentedControl, Stack, Text } from '@mantine/core';
import { ApiError, request } from '../../api.js';
import type { Language, Texts } from './texts.js';

// The frame every patient page shares: one column that reads well on a phone, the clinic's name,
// and the English/Spanish switch.

/** Calls a public API as a patient: no session, so a 401 is never taken for an expired staff session. */
export const patientGet = <T,>(path: string) => request<T>('GET', path, undefined, { anonymous: true });
export const patientPost = <T,>(path: string, body: unknown = {}) => request<T>('POST', path, body, { anonymous: true });

/** A link the server built from its public address, as a path on this site (the browser may reach the server otherwise). */
export function sitePath(url: string): string {
  try {
    return new URL(url, window.location.origin).pathname;
  } catch {
    return url;
  }
}

interface LayoutProps {
  clinicName?: string | undefined;
  language: Language;
  onLanguage(next: Language): void;
  t: Texts;
  children: ReactNode;
}

export function PatientLayout({ clinicName, language, onLanguage, t, children }: LayoutProps) {
  return (
    <Box bg="gray.0" mih="100vh">
      <Container size={640} px="sm" py="md">
        <Group justify="space-between" align="center" mb="md" component="header" wrap="nowrap">
          <Text fz="sm" fw={700} c="blue.9">{clinicName ?? ''}</Text>
          <SegmentedControl size="xs" aria-label={t.language} value={language} onChange={(v) => onLanguage(v === 'es' ? 'es' : 'en')}
            data={[{ value: 'en', label: 'English' }, { value: 'es', label: 'Español' }]} />
        </Group>
        <Stack gap="md" component="main">{children}</Stack>
      </Container>
    </Box>
  );
}

/** A polite message for a link or page that cannot be used, from the server's error code. */
export function LinkProblem({ error, t }: { error: unknown; t: Texts }) {
  const status = error instanceof ApiError ? error.status : 0;
  const code = error instanceof ApiError ? error.code : '';
  const title = status === 410 || code === 'link_expired' ? t.linkExpired
    : status === 403 || code === 'link_invalid' ? t.linkInvalid
      : status === 404 ? t.notFound
        : status === 429 ? t.wait
          : t.couldNotOpen;
  const message = error instanceof Error ? error.message : '';
  return (
    <Alert color={status === 410 ? 'orange' : 'red'} variant="light" title={title} role="alert">
      {message && <Text fz="md">{message}</Text>}
      {status !== 429 && <Text fz="md" mt="xs">{t.callClinic}</Text>}
    </Alert>
  );
}

/** An error from an action (booking, confirming): the server's words under a short title. */
export function ActionProblem({ error, title }: { error: unknown; title: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Text fz="md">{error instanceof Error ? error.message : String(error)}</Text>
    </Alert>
  );
}
