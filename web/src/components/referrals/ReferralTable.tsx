import { Link } from 'react-router-dom';
import { Table, Text } from '@mantine/core';
import { formatDateTime } from '../../format.js';
import type { Referral } from '../../types-referrals.js';
import { dueText, KIND_LABELS, StatusBadge, UrgencyBadge } from './labels.js';

/** Referrals as rows: due (overdue in red), patient, to whom and why, urgency, status. */
export function ReferralTable({ items, label, showPatient = true }: { items: Referral[]; label: string; showPatient?: boolean }) {
  const headings = ['Due', ...(showPatient ? ['Patient'] : []), 'Referred to', 'Urgency', 'Status', 'Referring department'];
  return (
    <Table.ScrollContainer minWidth={showPatient ? 900 : 700}>
      <Table aria-label={label}>
        <Table.Thead>
          <Table.Tr>{headings.map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}</Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id} bg={r.overdue ? 'red.0' : undefined} data-referral={r.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text fz="sm" fw={600} c={r.overdue ? 'red.9' : undefined}>{dueText(r)}</Text>
                <Text fz="xs" c="gray.7">{formatDateTime(r.closedAt ?? r.resultReceivedAt ?? r.dueAt)}</Text>
              </Table.Td>
              {showPatient && (
                <Table.Td>
                  <Text fz="sm">{r.patient.name}</Text>
                  <Text fz="xs" c="gray.7" ff="monospace">{r.patient.mrn}</Text>
                </Table.Td>
              )}
              <Table.Td maw={340}>
                <Link className="table-link" to={`/referrals/${r.id}`} aria-label={`Open the referral of ${r.patient.name} to ${r.destination}`}>{r.destination}</Link>
                <Text fz="xs" c="gray.7">{KIND_LABELS[r.kind]} · {r.reason}</Text>
              </Table.Td>
              <Table.Td><UrgencyBadge urgency={r.urgency} /></Table.Td>
              <Table.Td><StatusBadge status={r.status} /></Table.Td>
              <Table.Td>{r.departmentName ?? <Text span fz="sm" c="gray.7">—</Text>}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
