import { ActionIcon, Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import type { ContactKind, ContactLabel, ContactPoint, ContactPointInput } from '../types.js';
import { fieldError } from './ErrorAlert.js';

export interface ContactDraft {
  key: string;
  kind: ContactKind;
  value: string;
  label: ContactLabel | '';
  isPrimary: boolean;
  consentCare: boolean;
  consentMarketing: boolean;
}

let nextKey = 0;
export const newDraft = (kind: ContactKind, isPrimary = false): ContactDraft => ({
  key: `new-${(nextKey += 1)}`, kind, value: '', label: kind === 'phone' ? 'mobile' : '', isPrimary, consentCare: true, consentMarketing: false,
});

const LABELS: ContactLabel[] = ['mobile', 'home', 'work', 'other'];
const isLabel = (value: string | null): value is ContactLabel => LABELS.includes(value as ContactLabel);

export const draftsFrom = (points: ContactPoint[]): ContactDraft[] => points.map((cp) => ({
  key: cp.id, kind: cp.kind, value: cp.value, label: isLabel(cp.label) ? cp.label : '', isPrimary: cp.isPrimary, consentCare: cp.consentCare, consentMarketing: cp.consentMarketing,
}));

/** The list the API takes; rows left empty are dropped. */
export const draftsToInput = (drafts: ContactDraft[]): ContactPointInput[] => drafts
  .filter((d) => d.value.trim() !== '')
  .map((d) => ({
    kind: d.kind, value: d.value.trim(), ...(d.label && { label: d.label }), isPrimary: d.isPrimary, consentCare: d.consentCare, consentMarketing: d.consentMarketing,
  }));

interface Props {
  drafts: ContactDraft[];
  onChange(drafts: ContactDraft[]): void;
  error: unknown;
  /** The index in the submitted list (empty rows dropped) of each draft, for matching server errors. */
  idPrefix: string;
}

export function ContactPointsEditor({ drafts, onChange, error, idPrefix }: Props) {
  const submittedIndex = new Map<string, number>();
  drafts.filter((d) => d.value.trim() !== '').forEach((d, i) => submittedIndex.set(d.key, i));

  const update = (key: string, change: Partial<ContactDraft>) => {
    const target = drafts.find((d) => d.key === key);
    onChange(drafts.map((d) => {
      if (d.key === key) return { ...d, ...change };
      // One primary per kind: choosing one clears the others.
      if (change.isPrimary && target && d.kind === target.kind) return { ...d, isPrimary: false };
      return d;
    }));
  };
  const add = (kind: ContactKind) => onChange([...drafts, newDraft(kind, !drafts.some((d) => d.kind === kind))]);
  const remove = (key: string) => onChange(drafts.filter((d) => d.key !== key));
  const counters: Record<ContactKind, number> = { phone: 0, email: 0 };

  return (
    <Stack gap="xs">
      {drafts.length === 0 && <Text fz="sm" c="dimmed">No phone or e-mail on file.</Text>}
      {drafts.map((draft) => {
        counters[draft.kind] += 1;
        const name = `${draft.kind === 'phone' ? 'Phone' : 'E-mail'} ${counters[draft.kind]}`;
        const labelId = `${idPrefix}-${draft.key}`;
        const index = submittedIndex.get(draft.key);
        const problem = index === undefined ? undefined : fieldError(error, `contactPoints.${index}`);
        return (
          <Group key={draft.key} role="group" aria-labelledby={labelId} gap="sm" align="flex-start" wrap="wrap">
            <Text id={labelId} fz="sm" fw={600} w={70} pt={6}>{name}</Text>
            <TextInput
              aria-label={`${name} ${draft.kind === 'phone' ? 'number' : 'address'}`}
              type={draft.kind === 'phone' ? 'tel' : 'email'}
              placeholder={draft.kind === 'phone' ? '(617) 555-0142' : 'name@example.com'}
              value={draft.value}
              onChange={(event) => update(draft.key, { value: event.currentTarget.value })}
              error={problem}
              w={220}
            />
            <NativeSelect
              aria-label={`${name} type`}
              value={draft.label}
              onChange={(event) => update(draft.key, { label: isLabel(event.currentTarget.value) ? event.currentTarget.value : '' })}
              data={[{ value: '', label: '—' }, ...LABELS.map((l) => ({ value: l, label: l[0]!.toUpperCase() + l.slice(1) }))]}
              w={100}
            />
            <Group gap="md" pt={6} wrap="nowrap">
              <Checkbox label="Primary" checked={draft.isPrimary} onChange={(event) => update(draft.key, { isPrimary: event.currentTarget.checked })} />
              <Checkbox label="Care messages" checked={draft.consentCare} onChange={(event) => update(draft.key, { consentCare: event.currentTarget.checked })} />
              <Checkbox label="Marketing" checked={draft.consentMarketing} onChange={(event) => update(draft.key, { consentMarketing: event.currentTarget.checked })} />
            </Group>
            <ActionIcon variant="subtle" color="red.9" mt={4} aria-label={`Remove ${name}`} onClick={() => remove(draft.key)}>
              <span aria-hidden="true">✕</span>
            </ActionIcon>
          </Group>
        );
      })}
      <Group gap="xs">
        <Button size="xs" variant="default" onClick={() => add('phone')}>Add phone</Button>
        <Button size="xs" variant="default" onClick={() => add('email')}>Add e-mail</Button>
      </Group>
      <Text fz="xs" c="dimmed">“Care messages” covers reminders, results and replies; “Marketing” covers campaigns and newsletters. Record only what the patient agreed to.</Text>
    </Stack>
  );
}
