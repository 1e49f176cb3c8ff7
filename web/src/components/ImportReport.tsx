import { Alert, Badge, Group, Paper, Progress, SimpleGrid, Table, Text, Title } from '@mantine/core';
import type { PatientImport } from '../types.js';

const STATUS: Record<PatientImport['status'], { label: string; color: string }> = {
  queued: { label: 'Waiting to start', color: 'gray' },
  running: { label: 'Importing', color: 'blue' },
  done: { label: 'Finished', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
};

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz="xl" fw={700}>{value}</Text>
    </div>
  );
}

/** Progress of one import while it runs, then its counts and the per-row problems. */
export function ImportReport({ result }: { result: PatientImport }) {
  const percent = result.totalRows > 0 ? Math.round((result.processedRows / result.totalRows) * 100) : result.status === 'done' ? 100 : 0;
  const status = STATUS[result.status];
  return (
    <Paper withBorder p="md" data-testid="import-report">
      <Group justify="space-between" mb="sm">
        <Title order={2} fz="h4">{result.fileName ?? 'Import'}</Title>
        <Badge color={status.color} variant="light" size="lg">{status.label}</Badge>
      </Group>
      <Progress
        value={percent}
        size="lg"
        animated={result.status === 'running' || result.status === 'queued'}
        aria-label={`Import progress: ${result.processedRows} of ${result.totalRows} rows`}
        mb={4}
      />
      <Text fz="sm" c="dimmed" mb="md" role="status" aria-live="polite">
        {result.processedRows} of {result.totalRows} rows processed ({percent}%)
      </Text>
      <SimpleGrid cols={4} mb="md">
        <Count label="Rows in file" value={result.totalRows} />
        <Count label="Processed" value={result.processedRows} />
        <Count label="Patients created" value={result.createdRows} />
        <Count label="Rows with problems" value={result.failedRows} />
      </SimpleGrid>
      {result.status === 'failed' && <Alert color="red" variant="light" mb="md">The import stopped. The rows created so far are kept.</Alert>}
      {result.errors.length > 0 ? (
        <>
          <Title order={3} fz="h5" mb="xs">Problems by row</Title>
          <Table.ScrollContainer minWidth={500} mah={420}>
            <Table striped stickyHeader aria-label="Rows with problems">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={80}>Row</Table.Th>
                  <Table.Th scope="col" w={180}>Field</Table.Th>
                  <Table.Th scope="col">Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {result.errors.map((error, index) => (
                  <Table.Tr key={`${error.row}-${error.field ?? ''}-${index}`}>
                    <Table.Td>{error.row}</Table.Td>
                    <Table.Td ff="monospace">{error.field ?? '(whole row)'}</Table.Td>
                    <Table.Td>{error.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Text fz="xs" c="dimmed" mt="xs">Row numbers count the header as row 1, as a spreadsheet shows them.</Text>
        </>
      ) : result.status === 'done' ? <Text fz="sm">Every row was imported.</Text> : null}
    </Paper>
  );
}
