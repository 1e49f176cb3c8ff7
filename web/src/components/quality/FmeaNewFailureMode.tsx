import { useState } from 'react';
import { Button, Group, NativeSelect, Paper, SimpleGrid, Text, TextInput, Textarea, Title } from '@mantine/core';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import type { FmeaWorksheet } from '../../types-fmea.js';
import { SCORE_HINTS } from './FmeaLabels.js';
import { useWorksheetEdit } from './FmeaQueries.js';

const SCORES = Array.from({ length: 10 }, (_, i) => String(i + 1));
const empty = { failureMode: '', effect: '', cause: '', currentControls: '', severity: '', occurrence: '', detection: '' };

/** Adds a failure mode to a step: what can go wrong, its effect and cause, today's controls and the three scores. */
export function FmeaNewFailureMode({ worksheet }: { worksheet: FmeaWorksheet }) {
  const edit = useWorksheetEdit(worksheet.id);
  const [stepId, setStepId] = useState('');
  const [draft, setDraft] = useState(empty);
  const set = (field: keyof typeof empty) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((current) => ({ ...current, [field]: value }));
  };
  const chosenStep = stepId || worksheet.steps[0]?.id || '';
  if (worksheet.steps.length === 0) return null;

  const submit = () => {
    // Scores go as the numbers chosen; an unchosen one is left out, so the server names it.
    const score = (text: string) => (text === '' ? undefined : Number(text));
    edit.mutate({
      kind: 'add-failure-mode',
      body: {
        stepId: chosenStep, failureMode: draft.failureMode, effect: draft.effect, cause: draft.cause, currentControls: draft.currentControls,
        severity: score(draft.severity)!, occurrence: score(draft.occurrence)!, detection: score(draft.detection)!,
      },
    }, { onSuccess: () => setDraft(empty) });
  };
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="sm">Add a failure mode</Title>
      <form onSubmit={(event) => { event.preventDefault(); submit(); }} aria-label="Add a failure mode">
        <ErrorAlert error={edit.error} title="The failure mode could not be added" />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" mt="xs">
          <NativeSelect label="Step" value={chosenStep} onChange={(e) => setStepId(e.currentTarget.value)}
            data={worksheet.steps.map((s) => ({ value: s.id, label: `${s.position}. ${s.name}` }))} />
          <TextInput label="Failure mode" required value={draft.failureMode} onChange={set('failureMode')} error={fieldError(edit.error, 'failureMode')}
            placeholder="How the step can fail" />
          <Textarea label="Effect" autosize minRows={1} value={draft.effect} onChange={set('effect')} placeholder="What happens to the patient" />
          <Textarea label="Cause" autosize minRows={1} value={draft.cause} onChange={set('cause')} placeholder="Why it would happen" />
          <Textarea label="Current controls" autosize minRows={1} value={draft.currentControls} onChange={set('currentControls')} placeholder="What prevents or catches it today" />
        </SimpleGrid>
        <Group align="flex-end" gap="sm" mt="sm">
          {(['severity', 'occurrence', 'detection'] as const).map((score) => (
            <NativeSelect key={score} label={score[0]!.toUpperCase() + score.slice(1)} withAsterisk w={130} value={draft[score]} onChange={set(score)}
              description={score === 'severity' ? '10: death' : score === 'occurrence' ? '10: almost certain' : '10: undetectable'}
              error={fieldError(edit.error, score)} data={[{ value: '', label: 'Choose…' }, ...SCORES]} title={SCORE_HINTS[score]} />
          ))}
          <Button type="submit" loading={edit.isPending}>Add failure mode</Button>
        </Group>
        <Text fz="xs" c="gray.7" mt="xs">The RPN (severity × occurrence × detection) is worked out by Careloop when you add it.</Text>
      </form>
    </Paper>
  );
}
