import { ActionIcon, Button, Checkbox, Group, NativeSelect, Paper, Stack, Text, TextInput } from '@mantine/core';
import { KINDS, STARTER_QUESTIONS } from './labels.js';
import type { ItemKind, SurveyItem } from './types.js';

// One question of a survey while it is edited: kind, report key, English and Spanish wording, required.

interface ItemFieldsProps {
  item: SurveyItem;
  index: number;
  count: number;
  errorOf(field: string): string | undefined;
  onChange(patch: Partial<SurveyItem>): void;
  onMove(by: number): void;
  onRemove(): void;
}

/** A kind picked on a question whose wording is still a starter (or empty) brings its own starter. */
export function withKind(item: SurveyItem, kind: ItemKind): SurveyItem {
  const starter = STARTER_QUESTIONS[item.kind];
  const untouched = !item.text.trim() || item.text === starter.text;
  if (!untouched) return { ...item, kind };
  const next = STARTER_QUESTIONS[kind];
  return { ...item, kind, text: next.text, textEs: next.textEs, key: !item.key || item.key === starter.key ? next.key : item.key };
}

export function SurveyItemFields({ item, index, count, errorOf, onChange, onMove, onRemove }: ItemFieldsProps) {
  const n = index + 1;
  return (
    <Paper withBorder p="sm" bg="gray.0" component="fieldset" aria-label={`Question ${n}`} style={{ margin: 0 }}>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600} fz="sm">Question {n}</Text>
          <Group gap={4}>
            <ActionIcon variant="default" aria-label={`Move question ${n} up`} disabled={index === 0} onClick={() => onMove(-1)}>↑</ActionIcon>
            <ActionIcon variant="default" aria-label={`Move question ${n} down`} disabled={index === count - 1} onClick={() => onMove(1)}>↓</ActionIcon>
            <Button size="compact-sm" variant="subtle" color="red" c="red.9" disabled={count === 1} onClick={onRemove} aria-label={`Remove question ${n}`}>Remove</Button>
          </Group>
        </Group>
        <Group grow align="flex-start">
          <NativeSelect label="Kind" value={item.kind} data={KINDS} onChange={(e) => onChange(withKind(item, e.currentTarget.value as ItemKind))} />
          <TextInput label="Key" description="Names the item in reports (letters, digits, _)" required value={item.key} error={errorOf('key')}
            onChange={(e) => onChange({ key: e.currentTarget.value.toLowerCase().replace(/[^a-z0-9_]/g, '_') })} />
        </Group>
        <TextInput label="Question" required value={item.text} error={errorOf('text')} onChange={(e) => onChange({ text: e.currentTarget.value })} />
        <TextInput label="Question in Spanish" required value={item.textEs} error={errorOf('textEs')} onChange={(e) => onChange({ textEs: e.currentTarget.value })} />
        <Checkbox label="Required" checked={item.required} onChange={(e) => onChange({ required: e.currentTarget.checked })} />
      </Stack>
    </Paper>
  );
}
