import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';

/** An ordered list of short texts that can grow and shrink (whys, causes, contributing factors). */
export function ListEditor({ label, itemLabel, items, onChange, addLabel, numbered = false, max = 30 }: {
  label: string; itemLabel: (index: number) => string; items: string[]; onChange(next: string[]): void; addLabel: string; numbered?: boolean; max?: number;
}) {
  const set = (index: number, value: string) => onChange(items.map((item, i) => (i === index ? value : item)));
  return (
    <Stack gap={6} role="group" aria-label={label}>
      {items.length === 0 && <Text fz="sm" c="gray.7">None yet.</Text>}
      {items.map((item, index) => (
        <Group key={index} gap="xs" wrap="nowrap" align="flex-end">
          {numbered && <Text fz="sm" fw={600} w={56} pb={8}>Why {index + 1}</Text>}
          <TextInput aria-label={itemLabel(index)} value={item} onChange={(e) => set(index, e.currentTarget.value)} style={{ flex: 1 }} maxLength={1000} />
          <ActionIcon variant="subtle" color="red.9" size="lg" aria-label={`Remove ${itemLabel(index).toLowerCase()}`} onClick={() => onChange(items.filter((_, i) => i !== index))}>×</ActionIcon>
        </Group>
      ))}
      {items.length < max && <Group><Button variant="default" size="xs" onClick={() => onChange([...items, ''])}>{addLabel}</Button></Group>}
    </Stack>
  );
}
