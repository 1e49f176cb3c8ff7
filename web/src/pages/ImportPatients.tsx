import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Code, FileInput, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { query, request } from '../api.js';
import type { PatientImport } from '../types.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { usePageTitle } from '../components/usePageTitle.js';
import { ImportReport } from '../components/ImportReport.js';

const COLUMNS = 'givenName, familyName, dateOfBirth (required); mrn, preferredName, sex, language, preferredChannel, phone, email, consentCare, consentMarketing, tags (separated by ;), line1, line2, city, region, postalCode, country';
const running = (status: PatientImport['status'] | undefined) => status === 'queued' || status === 'running';

export function ImportPatients() {
  usePageTitle('Import patients');
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [importId, setImportId] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: async (csv: File) => request<PatientImport>('POST', `/api/patient-imports${query({ fileName: csv.name.slice(0, 200) })}`, undefined, {
      raw: { body: await csv.arrayBuffer(), contentType: 'text/csv' },
    }),
    onSuccess: (started) => {
      queryClient.setQueryData(['import', started.id], started);
      setImportId(started.id);
      setFile(null);
    },
  });

  // Poll while the import runs; stop once it is done or failed.
  const current = useQuery({
    queryKey: ['import', importId],
    queryFn: () => request<PatientImport>('GET', `/api/patient-imports/${importId ?? ''}`),
    enabled: importId !== null,
    refetchInterval: (q) => (running(q.state.data?.status) ? 500 : false),
    staleTime: 0,
  });
  const recent = useQuery({
    queryKey: ['imports', running(current.data?.status) ? 'running' : current.data?.status],
    queryFn: () => request<PatientImport[]>('GET', '/api/patient-imports'),
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate(file);
  }

  return (
    <>
      <Title order={1} mb="md">Import patients</Title>
      <Stack gap="md" maw={1000}>
        <Paper withBorder p="md">
          <form onSubmit={submit} aria-label="Upload a CSV file">
            <Stack gap="sm">
              <Group align="flex-end" gap="sm">
                <FileInput
                  label="CSV file (UTF-8)"
                  placeholder="Choose a .csv file"
                  accept=".csv,text/csv"
                  value={file}
                  onChange={setFile}
                  clearable
                  w={360}
                />
                <Button type="submit" disabled={!file || running(current.data?.status)} loading={upload.isPending}>Upload and import</Button>
              </Group>
              <Text fz="sm" c="dimmed">
                One patient per row; the first row names the columns: <Code>{COLUMNS}</Code>. Dates as YYYY-MM-DD or MM/DD/YYYY.
                Rows with problems are skipped and listed below; the other rows are imported.
              </Text>
              <ErrorAlert error={upload.error} title="The file was not accepted" />
            </Stack>
          </form>
        </Paper>
        <ErrorAlert error={current.error} title="The import's progress could not be read" />
        {current.data && <ImportReport result={current.data} />}
        {recent.data && recent.data.length > 0 && (
          <Paper withBorder p="md">
            <Title order={2} fz="h4" mb="xs">Recent imports</Title>
            <Stack gap={4}>
              {recent.data.slice(0, 8).map((item) => (
                <Group key={item.id} gap="sm" fz="sm">
                  <Button variant="subtle" size="compact-sm" onClick={() => setImportId(item.id)}>
                    {item.fileName ?? 'Unnamed file'}
                  </Button>
                  <Text fz="sm" c="dimmed">{new Date(item.createdAt).toLocaleString()} · {item.status} · {item.createdRows} created, {item.failedRows} with problems</Text>
                </Group>
              ))}
            </Stack>
          </Paper>
        )}
      </Stack>
    </>
  );
}
