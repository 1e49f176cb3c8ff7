import { Group, NativeSelect, Radio, Stack, Text, TextInput } from '@mantine/core';
import { fieldError } from '../ErrorAlert.js';
import { useLocations, useProviders } from './queries.js';
import type { SegmentDraft, SegmentType } from './segmentDraft.js';

const TYPES: { value: SegmentType; label: string; hint: string }[] = [
  { value: 'appointments', label: 'Patients with visits at a location', hint: 'Booked or confirmed visits between two clinic days (both included), for example everyone due at a flooded site this week.' },
  { value: 'tag', label: 'Patients with a tag', hint: 'Every patient whose record carries the tag (capitals do not matter).' },
  { value: 'everyone', label: 'Every patient', hint: 'All active patient records of the clinic.' },
];

/** Problems the form can name before asking the server: a location or a tag left blank. */
export function segmentProblems(draft: SegmentDraft): Partial<Record<'locationId' | 'from' | 'to' | 'tag', string>> {
  if (draft.type === 'appointments') {
    return {
      ...(!draft.locationId && { locationId: 'Choose the location whose visits are affected.' }),
      ...(!draft.from && { from: 'Give the first day.' }),
      ...(!draft.to && { to: 'Give the last day.' }),
    };
  }
  if (draft.type === 'tag' && !draft.tag.trim()) return { tag: 'Give the tag.' };
  return {};
}

/** Who the broadcast is for: visits at a location on some days, a tag, or everyone. */
export function SegmentPicker({ value, onChange, showProblems, serverError }: { value: SegmentDraft; onChange(next: SegmentDraft): void; showProblems: boolean; serverError: unknown }) {
  const locations = useLocations();
  const providers = useProviders();
  const set = <K extends keyof SegmentDraft>(key: K, v: SegmentDraft[K]) => onChange({ ...value, [key]: v });
  const local: Partial<Record<string, string>> = showProblems ? segmentProblems(value) : {};
  const problem = (field: 'locationId' | 'from' | 'to' | 'tag') => local[field] ?? fieldError(serverError, `segment.${field}`);
  return (
    <Stack gap="sm">
      <Radio.Group label="Who receives it" value={value.type} onChange={(v) => set('type', v as SegmentType)} required>
        <Stack gap={6} mt={6}>
          {TYPES.map((t) => <Radio key={t.value} value={t.value} label={t.label} description={t.hint} />)}
        </Stack>
      </Radio.Group>
      {value.type === 'appointments' && (
        <Group align="flex-start" gap="md" wrap="wrap">
          <NativeSelect label="Location" required w={240} value={value.locationId} onChange={(e) => set('locationId', e.currentTarget.value)} error={problem('locationId')}
            data={[{ value: '', label: locations.isPending ? 'Loading…' : 'Choose a location' }, ...(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))]} />
          <TextInput type="date" label="From" required w={170} value={value.from} max={value.to || undefined} onChange={(e) => set('from', e.currentTarget.value)} error={problem('from')} />
          <TextInput type="date" label="To" required w={170} value={value.to} min={value.from || undefined} onChange={(e) => set('to', e.currentTarget.value)} error={problem('to')} />
          <NativeSelect label="Provider" description="Optional: only this provider’s visits" w={240} value={value.providerId} onChange={(e) => set('providerId', e.currentTarget.value)}
            data={[{ value: '', label: 'Every provider' }, ...(providers.data ?? []).map((p) => ({ value: p.id, label: p.name }))]} />
        </Group>
      )}
      {value.type === 'tag' && (
        <TextInput label="Tag" required w={300} value={value.tag} maxLength={100} onChange={(e) => set('tag', e.currentTarget.value)} error={problem('tag')} placeholder="e.g. diabetes" />
      )}
      {value.type === 'everyone' && <Text fz="sm" c="gray.7">Every patient is counted once, whatever the number of records that point to them.</Text>}
    </Stack>
  );
}
