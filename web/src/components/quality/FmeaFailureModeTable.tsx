import { useState } from 'react';
import { Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text } from '@mantine/core';
import type { FailureModeChanges, FmeaFailureMode, FmeaWorksheet } from '../../types-fmea.js';
import { ACTION_STATUS_LABELS, PRIORITY_COLORS, SCORE_HINTS } from './FmeaLabels.js';
import { FmeaActionPanel } from './FmeaActionPanel.js';
import { FmeaInlineText, FmeaScoreSelect } from './FmeaInlineFields.js';
import { useWorksheetEdit } from './FmeaQueries.js';
import { FmeaRpnBadge } from './FmeaRpnBadge.js';

export type FmeaOrder = 'rank' | 'step';

const HEADERS = ['Rank', 'RPN', 'Step', 'Failure mode', 'Effect', 'Cause', 'Current controls', 'S', 'O', 'D', 'Action', 'RPN after'];

/**
 * The failure modes, ranked by RPN (ties by severity) or in process order, every cell edited where
 * it stands. The server computes each RPN and the ranking: a changed score moves its row.
 */
export function FmeaFailureModeTable({ worksheet, canEdit, order }: { worksheet: FmeaWorksheet; canEdit: boolean; order: FmeaOrder }) {
  const [open, setOpen] = useState<string | null>(null);
  const rows = order === 'rank' ? worksheet.failureModes
    : [...worksheet.failureModes].sort((a, b) => a.stepPosition - b.stepPosition || a.rank - b.rank);
  const selected = worksheet.failureModes.find((f) => f.id === open);
  return (
    <>
      <Table.ScrollContainer minWidth={1240}>
        <Table aria-label={order === 'rank' ? 'Failure modes ranked by RPN' : 'Failure modes by process step'} verticalSpacing="xs" highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              {HEADERS.map((h) => (
                <Table.Th key={h} scope="col" title={h === 'S' ? SCORE_HINTS.severity : h === 'O' ? SCORE_HINTS.occurrence : h === 'D' ? SCORE_HINTS.detection : undefined}>
                  {h === 'S' ? 'Sev.' : h === 'O' ? 'Occ.' : h === 'D' ? 'Det.' : h}
                </Table.Th>
              ))}
              {canEdit && <Table.Th scope="col"><span className="visually-hidden">Remove</span></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((f) => (
              <FailureModeRow key={f.id} failureMode={f} worksheet={worksheet} canEdit={canEdit} onOpenAction={() => setOpen(f.id)} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Modal opened={selected !== undefined} onClose={() => setOpen(null)} size="xl" title={selected ? `Action for "${selected.failureMode}"` : ''}
        styles={{ title: { fontWeight: 700 } }} closeButtonProps={{ 'aria-label': 'Close' }}>
        {/* The dialog is drawn outside the page, so it darkens the error colour itself. */}
        <>
          {selected && <FmeaActionPanel key={selected.updatedAt} failureMode={selected} canEdit={canEdit} onSaved={() => setOpen(null)} />}
        </>
      </Modal>
    </>
  );
}

interface RowProps { failureMode: FmeaFailureMode; worksheet: FmeaWorksheet; canEdit: boolean; onOpenAction(): void }

function FailureModeRow({ failureMode: f, worksheet, canEdit, onOpenAction }: RowProps) {
  const edit = useWorksheetEdit(worksheet.id);
  const save = (body: FailureModeChanges) => edit.mutateAsync({ kind: 'failure-mode', failureModeId: f.id, body });
  const who = `"${f.failureMode}"`;
  const text = (field: 'failureMode' | 'effect' | 'cause' | 'currentControls', label: string) => (
    <FmeaInlineText label={`${label} of ${who}`} value={f[field]} canEdit={canEdit} required={field === 'failureMode'} onSave={(v) => save({ [field]: v })} />
  );
  const score = (field: 'severity' | 'occurrence' | 'detection') => (
    <FmeaScoreSelect label={`${field[0]!.toUpperCase()}${field.slice(1)} of ${who}`} value={f[field]} canEdit={canEdit} hint={SCORE_HINTS[field]}
      onSave={(v) => save({ [field]: v ?? undefined })} />
  );
  return (
    <Table.Tr style={{ borderLeft: `4px solid var(--mantine-color-${PRIORITY_COLORS[f.priority]}-7)` }}>
      <Table.Td fw={700}>{f.rank}</Table.Td>
      <Table.Td><FmeaRpnBadge rpn={f.rpn} priority={f.priority} /></Table.Td>
      <Table.Td>
        {canEdit ? (
          <NativeSelect aria-label={`Step of ${who}`} size="xs" w={150} value={f.stepId}
            onChange={(e) => { void save({ stepId: e.currentTarget.value }).catch(() => undefined); }}
            data={worksheet.steps.map((s) => ({ value: s.id, label: `${s.position}. ${s.name}` }))} />
        ) : <Text fz="sm">{f.stepPosition}. {f.stepName}</Text>}
      </Table.Td>
      <Table.Td>{text('failureMode', 'Failure mode')}</Table.Td>
      <Table.Td>{text('effect', 'Effect')}</Table.Td>
      <Table.Td>{text('cause', 'Cause')}</Table.Td>
      <Table.Td>{text('currentControls', 'Current controls')}</Table.Td>
      <Table.Td>{score('severity')}</Table.Td>
      <Table.Td>{score('occurrence')}</Table.Td>
      <Table.Td>{score('detection')}</Table.Td>
      <Table.Td miw={150}>
        <Stack gap={4} align="flex-start">
          {f.actionStatus ? (
            <Group gap={4}>
              <Badge variant="light" color={f.actionStatus === 'completed' ? 'green' : f.actionOverdue ? 'red' : 'blue'} tt="none">
                {f.actionOverdue ? 'Overdue' : ACTION_STATUS_LABELS[f.actionStatus]}
              </Badge>
              {f.actionOwnerName && <Text fz="xs">{f.actionOwnerName}</Text>}
            </Group>
          ) : <Text fz="xs" c="gray.7">No action</Text>}
          <Button variant="subtle" size="compact-xs" onClick={onOpenAction} aria-haspopup="dialog" aria-label={`Show the action for ${who}`}>
            {canEdit ? 'Edit action' : 'Show action'}
          </Button>
        </Stack>
      </Table.Td>
      <Table.Td><FmeaRpnBadge label="RPN after the action" rpn={f.rpnAfter} priority={f.priorityAfter} /></Table.Td>
      {canEdit && (
        <Table.Td>
          <Button variant="subtle" color="red" size="compact-xs" aria-label={`Remove the failure mode ${who}`}
            onClick={() => { if (window.confirm(`Remove the failure mode ${who}?`)) edit.mutate({ kind: 'remove-failure-mode', failureModeId: f.id }); }}>
            Remove
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}
