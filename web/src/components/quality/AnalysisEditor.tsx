import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Group, List, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { request } from '../../api.js';
import { formatDateTime } from '../../format.js';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import type { Analysis, FishboneCategory, IncidentDetail } from '../../types-quality.js';
import { FISHBONE } from './labels.js';
import { ListEditor } from './ListEditor.js';

type Bones = Record<FishboneCategory, string[]>;
const bonesOf = (analysis: Analysis): Bones =>
  Object.fromEntries(FISHBONE.map((bone) => [bone.value, analysis.causes.filter((c) => c.category === bone.value).map((c) => c.text)])) as Bones;

/** The root cause analysis: read by everyone who sees the incident, edited by the quality team. */
export function AnalysisSection({ detail, editable }: { detail: IncidentDetail; editable: boolean }) {
  const { analysis, incident } = detail;
  const closed = incident.status === 'closed';
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3" mb="xs">Root cause analysis</Title>
      {analysis.updatedAt && <Text fz="sm" c="gray.7" mb="sm">{analysis.completedAt ? `Completed ${formatDateTime(analysis.completedAt)}` : 'In progress'} · last saved by {analysis.updatedBy}, {formatDateTime(analysis.updatedAt)}</Text>}
      {editable && !closed ? <AnalysisForm key={incident.id} incidentId={incident.id} analysis={analysis} /> : <AnalysisView analysis={analysis} />}
    </Paper>
  );
}

function AnalysisView({ analysis }: { analysis: Analysis }) {
  if (!analysis.updatedAt) return <Text fz="sm">No analysis yet.</Text>;
  const bones = bonesOf(analysis);
  return (
    <Stack gap="sm">
      {analysis.problemStatement && <Text><b>Problem:</b> {analysis.problemStatement}</Text>}
      <Title order={3} size="h5">5 whys</Title>
      <List type="ordered">{analysis.whys.map((why, i) => <List.Item key={i}>{why}</List.Item>)}</List>
      <Title order={3} size="h5">Fishbone</Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {FISHBONE.map((bone) => (
          <div key={bone.value}>
            <Text fw={600} fz="sm">{bone.label}</Text>
            {bones[bone.value].length === 0 ? <Text fz="sm" c="gray.7">—</Text> : <List size="sm">{bones[bone.value].map((c, i) => <List.Item key={i}>{c}</List.Item>)}</List>}
          </div>
        ))}
      </SimpleGrid>
      <Title order={3} size="h5">Contributing factors</Title>
      {analysis.contributingFactors.length === 0 ? <Text fz="sm" c="gray.7">—</Text> : <List size="sm">{analysis.contributingFactors.map((f, i) => <List.Item key={i}>{f}</List.Item>)}</List>}
      <Text><b>Root cause:</b> {analysis.rootCause ?? 'not yet named'}</Text>
    </Stack>
  );
}

function AnalysisForm({ incidentId, analysis }: { incidentId: string; analysis: Analysis }) {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState(analysis.problemStatement ?? '');
  const [whys, setWhys] = useState(analysis.whys.length > 0 ? analysis.whys : ['']);
  const [bones, setBones] = useState<Bones>(bonesOf(analysis));
  const [factors, setFactors] = useState(analysis.contributingFactors);
  const [rootCause, setRootCause] = useState(analysis.rootCause ?? '');
  const [completed, setCompleted] = useState(analysis.completedAt !== null);
  const save = useMutation({
    mutationFn: () => request<IncidentDetail>('PUT', `/api/quality/incidents/${incidentId}/analysis`, {
      problemStatement: problem.trim() || null,
      whys: whys.filter((w) => w.trim()),
      causes: FISHBONE.flatMap((bone) => bones[bone.value].filter((c) => c.trim()).map((text) => ({ category: bone.value, text }))),
      contributingFactors: factors.filter((f) => f.trim()),
      rootCause: rootCause.trim() || null,
      completed,
    }),
    onSuccess: (saved) => {
      queryClient.setQueryData(['quality', 'incident', incidentId], saved);
      void queryClient.invalidateQueries({ queryKey: ['quality', 'incidents'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label="Root cause analysis">
      <Stack gap="md">
        <Textarea label="Problem statement" description="What went wrong, without blame" autosize minRows={2} value={problem} onChange={(e) => setProblem(e.currentTarget.value)} error={fieldError(save.error, 'problemStatement')} />
        <div>
          <Title order={3} size="h5" mb={4}>5 whys</Title>
          <Text fz="sm" c="gray.7" mb="xs">Ask why the problem happened; then why that happened; keep going (five times or more) until you reach a cause you can act on.</Text>
          <ListEditor label="5 whys" numbered items={whys} onChange={setWhys} itemLabel={(i) => `Why ${i + 1}`} addLabel="Add a why" max={10} />
        </div>
        <div>
          <Title order={3} size="h5" mb={4}>Fishbone</Title>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            {FISHBONE.map((bone) => (
              <div key={bone.value}>
                <Text fw={600} fz="sm" mb={4}>{bone.label}</Text>
                <ListEditor label={`${bone.label} causes`} items={bones[bone.value]} onChange={(next) => setBones({ ...bones, [bone.value]: next })}
                  itemLabel={(i) => `${bone.label} cause ${i + 1}`} addLabel={`Add ${/^[aeiou]/i.test(bone.label) ? 'an' : 'a'} ${bone.label.toLowerCase()} cause`} max={10} />
              </div>
            ))}
          </SimpleGrid>
        </div>
        <div>
          <Title order={3} size="h5" mb={4}>Contributing factors</Title>
          <ListEditor label="Contributing factors" items={factors} onChange={setFactors} itemLabel={(i) => `Contributing factor ${i + 1}`} addLabel="Add a contributing factor" />
        </div>
        <Textarea label="Root cause" description="The cause that, removed, would have prevented the incident" autosize minRows={2} value={rootCause} onChange={(e) => setRootCause(e.currentTarget.value)} error={fieldError(save.error, 'rootCause')} />
        <Checkbox label="The analysis is complete" checked={completed} onChange={(e) => setCompleted(e.currentTarget.checked)} />
        <ErrorAlert error={save.error} title="The analysis could not be saved" />
        <Group>
          <Button type="submit" loading={save.isPending}>Save the analysis</Button>
          {save.isSuccess && !save.isPending && <Text fz="sm" fw={600} role="status">Saved.</Text>}
        </Group>
      </Stack>
    </form>
  );
}
