import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Grid, Group, NativeSelect, NumberInput, Paper, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { api } from '../../api.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import { STARTER_QUESTIONS, TRIGGERS } from './labels.js';
import { SurveyItemFields } from './SurveyItemFields.js';
import { SurveyPreview } from './SurveyPreview.js';
import type { Survey, SurveyInput, SurveyItem, SurveyTrigger } from './types.js';

// The form a quality manager fills to define a survey: when it is sent, to whom, and what it asks.

interface Option { id: string; name: string }
interface EditorProps { survey: Survey | null; departments: Option[]; services: Option[]; onDone(): void }

/** A question id nobody used in this survey: answers already given stay tied to theirs. */
const freshId = (items: SurveyItem[]) => {
  let n = items.length + 1;
  while (items.some((i) => i.id === `q${n}`)) n += 1;
  return `q${n}`;
};
const freshKey = (items: SurveyItem[], key: string) => {
  let candidate = key;
  for (let n = 2; items.some((i) => i.key === candidate); n += 1) candidate = `${key}_${n}`;
  return candidate;
};
const starterItem = (items: SurveyItem[], kind: SurveyItem['kind']): SurveyItem => {
  const starter = STARTER_QUESTIONS[kind];
  return { id: freshId(items), kind, key: freshKey(items, starter.key), text: starter.text, textEs: starter.textEs, required: kind !== 'text' };
};
const NEW_ITEMS: SurveyItem[] = [
  { id: 'q1', kind: 'nps', ...STARTER_QUESTIONS.nps, required: true },
  { id: 'q2', kind: 'text', ...STARTER_QUESTIONS.text, required: false },
];

export function SurveyEditor({ survey, departments, services, onDone }: EditorProps) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(survey?.name ?? '');
  const [trigger, setTrigger] = useState<SurveyTrigger>(survey?.trigger ?? 'visit_completed');
  const [delayHours, setDelayHours] = useState<number>(survey ? survey.delayMinutes / 60 : 2);
  const [throttleDays, setThrottleDays] = useState<number>(survey?.throttleDays ?? 90);
  const [departmentId, setDepartmentId] = useState(survey?.departmentId ?? '');
  const [serviceId, setServiceId] = useState(survey?.serviceId ?? '');
  const [intro, setIntro] = useState(survey?.intro ?? '');
  const [introEs, setIntroEs] = useState(survey?.introEs ?? '');
  const [active, setActive] = useState(survey?.active ?? true);
  const [items, setItems] = useState<SurveyItem[]>(survey?.items ?? NEW_ITEMS);
  const [adding, setAdding] = useState<SurveyItem['kind']>('csat');

  const save = useMutation({
    mutationFn: () => {
      const body: SurveyInput = {
        name: name.trim(), trigger, delayMinutes: Math.round(delayHours * 60), throttleDays, departmentId: departmentId || null, serviceId: trigger === 'visit_completed' && serviceId ? serviceId : null,
        intro: intro.trim() || null, introEs: introEs.trim() || null, active,
        items: items.map((i) => ({ id: i.id, key: i.key, kind: i.kind, text: i.text.trim(), textEs: i.textEs.trim(), required: i.required })),
      };
      return survey ? api.patch<Survey>(`/api/feedback/surveys/${survey.id}`, body) : api.post<Survey>('/api/feedback/surveys', body);
    },
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ['feedback', 'surveys'] }); onDone(); },
  });
  const change = (index: number, patch: Partial<SurveyItem>) => setItems((all) => all.map((item, i) => (i === index ? { ...item, ...patch } : item)));
  const move = (index: number, by: number) => setItems((all) => {
    const next = [...all];
    const [item] = next.splice(index, 1);
    if (item) next.splice(index + by, 0, item);
    return next;
  });
  const itemError = (index: number) => (field: string) => fieldError(save.error, `items.${index}.${field}`) ?? fieldError(save.error, `items/${index}/${field}`);
  const duplicateKey = items.some((item, i) => items.findIndex((other) => other.key === item.key) !== i);
  const incomplete = !name.trim() || items.some((i) => !i.text.trim() || !i.textEs.trim() || !i.key) || duplicateKey;
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  const title = survey ? `Edit “${survey.name}”` : 'New survey';

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <Paper withBorder p="md">
          <Title order={2} fz="h4" mb="sm">{title}</Title>
          <form onSubmit={submit} aria-label={title}>
            <Stack gap="sm">
              <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={fieldError(save.error, 'name')} data-autofocus />
              <Group grow align="flex-start">
                <NativeSelect label="Send" description="When it goes out" value={trigger} data={TRIGGERS} onChange={(e) => setTrigger(e.currentTarget.value as SurveyTrigger)} error={fieldError(save.error, 'trigger')} />
                <NumberInput label="Delay (hours)" description="After the trigger" min={0} max={720} step={1} value={delayHours} disabled={trigger === 'manual'}
                  onChange={(v) => setDelayHours(typeof v === 'number' ? v : 0)} error={fieldError(save.error, 'delayMinutes')} />
                <NumberInput label="Days between surveys" description="At most once per patient in N days" min={0} max={365} value={throttleDays}
                  onChange={(v) => setThrottleDays(typeof v === 'number' ? v : 0)} error={fieldError(save.error, 'throttleDays')} />
              </Group>
              <Group grow align="flex-start">
                <NativeSelect label="Department" value={departmentId} onChange={(e) => setDepartmentId(e.currentTarget.value)} error={fieldError(save.error, 'departmentId')}
                  data={[{ value: '', label: 'Every department' }, ...departments.map((d) => ({ value: d.id, label: d.name }))]} />
                <NativeSelect label="Service" value={serviceId} onChange={(e) => setServiceId(e.currentTarget.value)} error={fieldError(save.error, 'serviceId')}
                  data={[{ value: '', label: 'Every service' }, ...services.map((s) => ({ value: s.id, label: s.name }))]} disabled={trigger !== 'visit_completed'} />
              </Group>
              <Group grow align="flex-start">
                <Textarea label="Introduction" autosize minRows={2} value={intro} onChange={(e) => setIntro(e.currentTarget.value)} />
                <Textarea label="Introduction in Spanish" autosize minRows={2} value={introEs} onChange={(e) => setIntroEs(e.currentTarget.value)} />
              </Group>
              <Checkbox label="Active: sent when its trigger happens" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
              <Title order={3} fz="h5">Questions</Title>
              {items.map((item, index) => (
                <SurveyItemFields key={item.id} item={item} index={index} count={items.length} errorOf={itemError(index)}
                  onChange={(patch) => change(index, patch)} onMove={(by) => move(index, by)} onRemove={() => setItems((all) => all.filter((_, i) => i !== index))} />
              ))}
              {duplicateKey && <ErrorAlert error="Two questions have the same key: each needs its own for the reports." title="Keys must differ" />}
              <Group align="flex-end" gap="xs">
                <NativeSelect label="New question" value={adding} onChange={(e) => setAdding(e.currentTarget.value as SurveyItem['kind'])}
                  data={[{ value: 'nps', label: 'NPS' }, { value: 'csat', label: 'CSAT' }, { value: 'ces', label: 'Effort' }, { value: 'cahps', label: 'CAHPS-style' }, { value: 'text', label: 'Free text' }]} />
                <Button variant="default" disabled={items.length >= 20} onClick={() => setItems((all) => [...all, starterItem(all, adding)])}>Add a question</Button>
              </Group>
              <ErrorAlert error={save.error} title="The survey was not saved" />
              <Group justify="flex-end">
                <Button variant="default" onClick={onDone}>Cancel</Button>
                <Button type="submit" loading={save.isPending} disabled={incomplete}>Save survey</Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <SurveyPreview name={name} intro={intro} introEs={introEs} items={items} />
      </Grid.Col>
    </Grid>
  );
}
