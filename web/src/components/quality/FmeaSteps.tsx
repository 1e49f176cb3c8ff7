import { useState } from 'react';
import { ActionIcon, Button, Group, Paper, Table, Text, TextInput, Title } from '@mantine/core';
import { ErrorAlert } from '../ErrorAlert.js';
import type { FmeaWorksheet } from '../../types-fmea.js';
import { FmeaInlineText } from './FmeaInlineFields.js';
import { useWorksheetEdit } from './FmeaQueries.js';

/** The process's steps in order: renamed in place, moved up or down, added and removed. */
export function FmeaSteps({ worksheet, canEdit }: { worksheet: FmeaWorksheet; canEdit: boolean }) {
  const edit = useWorksheetEdit(worksheet.id);
  const add = useWorksheetEdit(worksheet.id);
  const [name, setName] = useState('');
  const steps = worksheet.steps;
  const saveStep = (stepId: string, body: { name?: string; description?: string }) => edit.mutateAsync({ kind: 'step', stepId, body });

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">Process steps</Title>
      <ErrorAlert error={edit.error} title="The step could not be changed" />
      {steps.length === 0 ? (
        <Text fz="sm" c="gray.7" mb="sm">No step yet. Walk through the process as it really happens and add each step in order.</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Process steps in order">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={40}>#</Table.Th><Table.Th scope="col">Step</Table.Th><Table.Th scope="col">Description</Table.Th>
                <Table.Th scope="col" w={110}>Failure modes</Table.Th>{canEdit && <Table.Th scope="col" w={150}>Order</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {steps.map((step, index) => (
                <Table.Tr key={step.id}>
                  <Table.Td fw={600}>{step.position}</Table.Td>
                  <Table.Td><FmeaInlineText label={`Name of step ${step.position}`} value={step.name} canEdit={canEdit} required onSave={(v) => saveStep(step.id, { name: v })} /></Table.Td>
                  <Table.Td><FmeaInlineText label={`Description of step ${step.position}`} value={step.description} canEdit={canEdit} placeholder="Who does what" onSave={(v) => saveStep(step.id, { description: v })} /></Table.Td>
                  <Table.Td>{step.failureModeCount}</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <ActionIcon variant="subtle" aria-label={`Move step ${step.position} up`} disabled={index === 0}
                          onClick={() => edit.mutate({ kind: 'step', stepId: step.id, body: { position: step.position - 1 } })}>↑</ActionIcon>
                        <ActionIcon variant="subtle" aria-label={`Move step ${step.position} down`} disabled={index === steps.length - 1}
                          onClick={() => edit.mutate({ kind: 'step', stepId: step.id, body: { position: step.position + 1 } })}>↓</ActionIcon>
                        <Button variant="subtle" color="red" size="compact-xs" aria-label={`Remove step ${step.position}, ${step.name}`}
                          onClick={() => edit.mutate({ kind: 'remove-step', stepId: step.id })}>Remove</Button>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canEdit && (
        <form onSubmit={(event) => {
          event.preventDefault();
          add.mutate({ kind: 'add-step', body: { name } }, { onSuccess: () => setName('') });
        }}>
          <Group align="flex-end" mt="sm">
            <TextInput label="New step" value={name} onChange={(e) => setName(e.currentTarget.value)} w={360} placeholder="e.g. Send the reminder text"
              error={add.error ? add.error.message : undefined} />
            <Button type="submit" loading={add.isPending} disabled={!name.trim()}>Add step</Button>
          </Group>
        </form>
      )}
    </Paper>
  );
}
