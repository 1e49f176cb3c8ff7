import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Checkbox, CloseButton, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { api } from '../../../api.js';
import '../schedule.css';
import { ErrorAlert, fieldError } from '../../ErrorAlert.js';
import { offsetLabel, toMinutes, type Unit } from './reminders.js';
import { useRefreshSchedule, type Location, type Provider, type Service } from './setupApi.js';

interface Props { service: Service | null; providers: Provider[]; locations: Location[]; onDone(): void }

const key = (providerId: string, locationId: string) => `${providerId}|${locationId}`;
const FIELDS = ['name', 'durationMinutes', 'bufferBeforeMinutes', 'bufferAfterMinutes', 'slotStepMinutes', 'maxDaysAhead', 'minNoticeMinutes', 'maxPerDay', 'reminderOffsetsMinutes', 'offerings'];

/** One service's whole setup: length and margins, booking rules, reminder cadence, and the provider × location checklist. */
export function ServiceForm({ service, providers, locations, onDone }: Props) {
  const refresh = useRefreshSchedule();
  const [name, setName] = useState(service?.name ?? '');
  const [description, setDescription] = useState(service?.description ?? '');
  const [numbers, setNumbers] = useState({
    durationMinutes: service?.durationMinutes ?? 30, bufferBeforeMinutes: service?.bufferBeforeMinutes ?? 0, bufferAfterMinutes: service?.bufferAfterMinutes ?? 0,
    slotStepMinutes: service?.slotStepMinutes ?? 15, maxDaysAhead: service?.maxDaysAhead ?? 90, minNoticeMinutes: service?.minNoticeMinutes ?? 120,
  });
  const [maxPerDay, setMaxPerDay] = useState<number | ''>(service?.maxPerDay ?? '');
  const [onlineBooking, setOnlineBooking] = useState(service?.onlineBooking ?? true);
  const [newPatientsOnline, setNewPatientsOnline] = useState(service?.newPatientsOnline ?? false);
  const [offsets, setOffsets] = useState<number[]>(service?.reminderOffsetsMinutes ?? [10080, 2880, 120]);
  const [reminderCount, setReminderCount] = useState<number | ''>(1);
  const [reminderUnit, setReminderUnit] = useState<Unit>('days');
  const [offered, setOffered] = useState(() => new Set((service?.offerings ?? []).map((o) => key(o.providerId, o.locationId))));
  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(), description: description.trim() || null, ...numbers, maxPerDay: maxPerDay === '' ? null : maxPerDay,
        onlineBooking, newPatientsOnline: onlineBooking && newPatientsOnline, reminderOffsetsMinutes: [...offsets].sort((a, b) => b - a),
        offerings: [...offered].map((k) => { const [providerId = '', locationId = ''] = k.split('|'); return { providerId, locationId }; }),
      };
      return service ? api.patch<Service>(`/api/scheduling/services/${service.id}`, body) : api.post<Service>('/api/scheduling/services', body);
    },
    onSuccess: async () => { await refresh(); onDone(); },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const number = (field: keyof typeof numbers, label: string, description?: string) => (
    <NumberInput label={label} description={description} min={0} required value={numbers[field]} error={fieldError(save.error, field)}
      onChange={(v) => setNumbers((n) => ({ ...n, [field]: typeof v === 'number' ? v : Number(v) || 0 }))} />
  );
  const toggle = (k: string, on: boolean) => setOffered((current) => { const next = new Set(current); if (on) next.add(k); else next.delete(k); return next; });
  const addReminder = () => {
    const minutes = reminderCount === '' ? 0 : toMinutes(reminderCount, reminderUnit);
    if (minutes > 0 && !offsets.includes(minutes)) setOffsets([...offsets, minutes].sort((a, b) => b - a));
  };

  return (
    <Modal opened onClose={onDone} size="xl" title={service ? `Edit ${service.name}` : 'Add a service'} closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit} aria-label="Service">
        <Stack gap="sm">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, 'name')} data-autofocus placeholder="New patient visit" />
          <Textarea label="Description" description="Shown to patients on the booking page" autosize minRows={1} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {number('durationMinutes', 'Duration (min)')}
            {number('bufferBeforeMinutes', 'Buffer before (min)')}
            {number('bufferAfterMinutes', 'Buffer after (min)')}
            {number('slotStepMinutes', 'Slot step (min)', 'Start times apart')}
            {number('maxDaysAhead', 'Max days ahead')}
            {number('minNoticeMinutes', 'Min notice (min)')}
            <NumberInput label="Max per day" description="Empty: no limit" min={1} value={maxPerDay} error={fieldError(save.error, 'maxPerDay')}
              onChange={(v) => setMaxPerDay(typeof v === 'number' ? v : '')} />
          </SimpleGrid>
          <Group gap="xl">
            <Switch label="Patients may book it online" checked={onlineBooking} onChange={(e) => setOnlineBooking(e.currentTarget.checked)} />
            <Switch label="New patients may book it online" checked={onlineBooking && newPatientsOnline} disabled={!onlineBooking} onChange={(e) => setNewPatientsOnline(e.currentTarget.checked)} />
          </Group>
          <div>
            <Text fz="sm" fw={500}>Reminders before the visit</Text>
            <Group gap={6} my={6} aria-label="Reminder cadence" role="list">
              {offsets.length === 0 && <Text fz="sm" c="dimmed">No reminders.</Text>}
              {[...offsets].sort((a, b) => b - a).map((m) => (
                <Group key={m} role="listitem" gap={2} wrap="nowrap" className="reminder-offset">
                  <Text fz="sm" pl={8}>{offsetLabel(m)}</Text>
                  <CloseButton size="sm" onClick={() => setOffsets(offsets.filter((o) => o !== m))} aria-label={`Remove the reminder ${offsetLabel(m)} before`} />
                </Group>
              ))}
            </Group>
            <Group gap="xs" align="flex-end">
              <NumberInput aria-label="Reminder: how many" min={1} w={90} value={reminderCount} onChange={(v) => setReminderCount(typeof v === 'number' ? v : '')} />
              <NativeSelect aria-label="Reminder: unit" value={reminderUnit} onChange={(e) => setReminderUnit(e.currentTarget.value as Unit)} data={['days', 'hours', 'minutes']} />
              <Button variant="default" onClick={addReminder} disabled={offsets.length >= 5}>Add reminder</Button>
            </Group>
            {fieldError(save.error, 'reminderOffsetsMinutes') && <Text fz="sm" c="red.9">{fieldError(save.error, 'reminderOffsetsMinutes')}</Text>}
          </div>
          <Title order={3} fz="sm">Who offers it where</Title>
          {providers.length === 0 || locations.length === 0 ? <Text fz="sm" c="dimmed">Add providers and locations first.</Text> : (
            <Table aria-label="Who offers it where" withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Provider</Table.Th>
                  {locations.map((l) => <Table.Th key={l.id} scope="col">{l.name}</Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {providers.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Th scope="row" fw={500}>{p.name}</Table.Th>
                    {locations.map((l) => (
                      <Table.Td key={l.id}>
                        <Checkbox aria-label={`${p.name} at ${l.name}`} checked={offered.has(key(p.id, l.id))} onChange={(e) => toggle(key(p.id, l.id), e.currentTarget.checked)} />
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {save.error !== null && !FIELDS.some((f) => fieldError(save.error, f)) && <ErrorAlert error={save.error} title="The service was not saved" />}
          {save.error !== null && FIELDS.some((f) => fieldError(save.error, f)) && <Text fz="sm" c="red.9" role="alert">Some fields need a look (marked above).</Text>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onDone}>Cancel</Button>
            <Button type="submit" loading={save.isPending} disabled={!name.trim()}>Save service</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
