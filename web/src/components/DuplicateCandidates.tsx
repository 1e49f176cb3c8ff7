import { Link } from 'react-router-dom';
import { Badge, Group, List, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ageOf, formatDate, formatPhone, fullName } from '../format.js';
import type { DuplicateCandidate } from '../types.js';

export const scoreColor = (score: number) => (score >= 80 ? 'red.9' : score >= 60 ? '#9c3a00' : 'gray.7');

/** Likely matches with the score and the reasons behind it; `action` adds a button per row. */
export function DuplicateCandidates({ candidates, action, caption }: {
  candidates: DuplicateCandidate[];
  action?: (candidate: DuplicateCandidate) => ReactNode;
  caption: string;
}) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label={caption} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Patient</Table.Th>
            <Table.Th scope="col">Date of birth</Table.Th>
            <Table.Th scope="col">Contact</Table.Th>
            <Table.Th scope="col">Match</Table.Th>
            <Table.Th scope="col">Why</Table.Th>
            {action && <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {candidates.map((candidate) => (
            <Table.Tr key={candidate.patient.id}>
              <Table.Td>
                <Link className="table-link" to={`/patients/${candidate.patient.id}`} target="_blank" rel="noopener">
                  Open {fullName(candidate.patient)}<span className="visually-hidden"> (opens in a new tab)</span>
                </Link>
                <Text fz="xs" c="dimmed" ff="monospace">{candidate.patient.mrn}</Text>
              </Table.Td>
              <Table.Td>{formatDate(candidate.patient.dateOfBirth)} <Text span fz="xs" c="dimmed">({ageOf(candidate.patient.dateOfBirth)} y)</Text></Table.Td>
              <Table.Td>
                <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>{formatPhone(candidate.patient.phone)}</Text>
                <Text fz="xs" c="dimmed">{candidate.patient.email ?? ''}</Text>
              </Table.Td>
              <Table.Td><Badge color={scoreColor(candidate.score)} variant="filled">{candidate.score}%</Badge></Table.Td>
              <Table.Td>
                <List size="xs" spacing={0}>{candidate.reasons.map((r) => <List.Item key={r.code}>{r.label}</List.Item>)}</List>
              </Table.Td>
              {action && <Table.Td><Group justify="flex-end">{action(candidate)}</Group></Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
