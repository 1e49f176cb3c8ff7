import { Link } from 'react-router-dom';
import { Group, Modal, Pagination, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { ErrorAlert } from '../ErrorAlert.js';
import { formatDateTime } from '../../format.js';
import { exportUrl, type ReportState } from '../../pages/reports/reportFilters.js';
import { formatDuration } from '../../pages/reports/reportFormat.js';
import { ROWS_PER_PAGE, useFactRows } from '../../pages/reports/reportsApi.js';
import type { Kpi, RowValue } from '../../pages/reports/types.js';
import { CsvLink } from './CsvLink.js';
import { ScrollTable } from './ScrollTable.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A cell as staff read it: times in local time, durations in words, yes/no for flags. */
export function formatCell(key: string, value: RowValue): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number' && /seconds/i.test(key)) return formatDuration(value);
  if (typeof value === 'string' && TIMESTAMP.test(value)) return formatDateTime(value);
  // Status words as people say them: "no_show" reads "no show".
  if (typeof value === 'string' && /^[a-z]+(_[a-z]+)+$/.test(value)) return value.replace(/_/g, ' ');
  return String(value);
}

/** One cell; the patient's name opens their record when the row says who they are. */
function Cell({ column, row }: { column: string; row: Record<string, RowValue> }) {
  const value = row[column] ?? null;
  const text = formatCell(column, value);
  const nowrap = typeof value === 'string' && TIMESTAMP.test(value);
  if (/^patient(Name)?$/.test(column) && typeof row.patientId === 'string' && value !== null) {
    return <Table.Td><Link className="table-link" to={`/patients/${row.patientId}`}>{text}</Link></Table.Td>;
  }
  return <Table.Td style={nowrap ? { whiteSpace: 'nowrap' } : undefined}>{text}</Table.Td>;
}

/** The rows a number was computed from, a page at a time, with the whole list as CSV. */
export function DrillDown({ state, kpis }: { state: ReportState; kpis: Kpi[] }) {
  const narrow = useMediaQuery('(max-width: 48em)');
  const kpi = kpis.find((k) => k.kpi === state.rowsKpi) ?? null;
  const rows = useFactRows(state.filters, kpi?.kpi ?? null, state.rowsPage);
  const close = () => state.update({ rows: null, page: null });
  const data = rows.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / ROWS_PER_PAGE)) : 1;
  const first = (state.rowsPage - 1) * ROWS_PER_PAGE + 1;
  return (
    <Modal opened={kpi !== null} onClose={close} size="90rem" fullScreen={narrow}
      title={kpi ? `The rows behind ${kpi.label}` : ''} closeButtonProps={{ 'aria-label': 'Close' }}>
      {kpi && (
        <>
          <Group justify="space-between" mb="sm" gap="sm">
            <Text fz="sm" role="status" aria-live="polite">
              {rows.isPending ? 'Loading…' : data && data.total > 0
                ? `Rows ${first.toLocaleString('en-US')}–${Math.min(first + data.rows.length - 1, data.total).toLocaleString('en-US')} of ${data.total.toLocaleString('en-US')}`
                : 'No rows for these filters.'}
            </Text>
            <CsvLink href={exportUrl(state.filters, 'rows', { kpi: kpi.kpi })} what={`all rows behind ${kpi.label}`} />
          </Group>
          <ErrorAlert error={rows.error} title="The rows could not be loaded" />
          {data && data.rows.length > 0 && (
            <ScrollTable minWidth={Math.max(480, data.columns.length * 130)} label={`Rows behind ${kpi.label}, scrolls sideways`}>
              <Table aria-label={`Rows behind ${kpi.label}`} striped>
                <Table.Thead>
                  <Table.Tr>{data.columns.map((c) => <Table.Th key={c.key} scope="col">{c.label}</Table.Th>)}</Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rows.map((row, index) => (
                    <Table.Tr key={index}>
                      {data.columns.map((c) => <Cell key={c.key} column={c.key} row={row} />)}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
          {pages > 1 && (
            <Group justify="center" mt="sm">
              <Pagination total={pages} value={Math.min(state.rowsPage, pages)} onChange={(page) => state.update({ page: String(page) })} />
            </Group>
          )}
        </>
      )}
    </Modal>
  );
}
