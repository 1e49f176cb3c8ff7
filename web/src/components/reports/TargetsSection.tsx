import { useState, type FormEvent } from 'react';
import { Button, Group, NativeSelect, NumberInput, Paper, Table, Text, Title } from '@mantine/core';
import { ErrorAlert, fieldError } from '../ErrorAlert.js';
import { formatValue, fromTargetInput, targetInputUnit, toTargetInput } from '../../pages/reports/reportFormat.js';
import { useTargetChanges, useTargets } from '../../pages/reports/reportsApi.js';
import { ScrollTable } from './ScrollTable.js';
import type { Dimensions, Kpi, Target } from '../../pages/reports/types.js';

/** Green and amber thresholds per KPI, for the whole clinic or one department (reports:manage only). */
export function TargetsSection({ kpis, dimensions }: { kpis: Kpi[]; dimensions: Dimensions | undefined }) {
  const targets = useTargets(true);
  const { save, remove } = useTargetChanges();
  const settable = kpis;
  const [kpiKey, setKpiKey] = useState(settable[0]?.kpi ?? '');
  const [departmentId, setDepartmentId] = useState('');
  const [green, setGreen] = useState<number | string>('');
  const [amber, setAmber] = useState<number | string>('');
  const kpi = settable.find((k) => k.kpi === kpiKey) ?? settable[0];
  const departmentName = (id: string | null) => (id ? dimensions?.departments.find((d) => d.id === id)?.name ?? 'A department' : 'Whole clinic');
  const kpiOf = (key: string) => kpis.find((k) => k.kpi === key);

  /** Picking a KPI and scope that already has a target starts from its thresholds. */
  function choose(nextKpi: string, nextDepartment: string) {
    setKpiKey(nextKpi);
    setDepartmentId(nextDepartment);
    const existing = targets.data?.find((t) => t.kpi === nextKpi && (t.departmentId ?? '') === nextDepartment);
    const unit = kpiOf(nextKpi)?.unit ?? 'score';
    setGreen(existing ? toTargetInput(unit, existing.green) : '');
    setAmber(existing ? toTargetInput(unit, existing.amber) : '');
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!kpi || typeof green !== 'number' || typeof amber !== 'number') return;
    save.mutate({ kpi: kpi.kpi, departmentId: departmentId || null, green: fromTargetInput(kpi.unit, green), amber: fromTargetInput(kpi.unit, amber) });
  }

  const unit = kpi ? targetInputUnit(kpi.unit) : '';
  const side = kpi?.better === 'higher' ? 'at least' : 'at most';
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="targets-heading">
      <Title order={2} fz="h3" id="targets-heading" mb="xs">Targets</Title>
      <Text fz="sm" c="dimmed" mb="sm">
        A KPI is green when it meets the green threshold, amber when it meets only the amber one, red otherwise.
        A department&apos;s own target replaces the clinic&apos;s when the report is filtered to that department.
      </Text>
      <form onSubmit={submit} aria-label="Set a target">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <NativeSelect label="KPI" w={240} value={kpi?.kpi ?? ''} onChange={(e) => choose(e.currentTarget.value, departmentId)}
            data={settable.map((k) => ({ value: k.kpi, label: k.label }))} />
          <NativeSelect label="For" w={200} value={departmentId} onChange={(e) => choose(kpi?.kpi ?? '', e.currentTarget.value)}
            data={[{ value: '', label: 'Whole clinic' }, ...(dimensions?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))]} />
          <NumberInput label={`Green${unit ? ` (${unit})` : ''}`} description={`Green when ${side} this`} w={170} value={green} onChange={setGreen}
            decimalScale={1} allowNegative={kpi?.kpi === 'nps'} error={fieldError(save.error, 'green')} required />
          <NumberInput label={`Amber${unit ? ` (${unit})` : ''}`} description={`Amber when ${side} this`} w={170} value={amber} onChange={setAmber}
            decimalScale={1} allowNegative={kpi?.kpi === 'nps'} error={fieldError(save.error, 'amber')} required />
          <Button type="submit" mt={46} loading={save.isPending} disabled={typeof green !== 'number' || typeof amber !== 'number'}>Save target</Button>
        </Group>
        {save.error !== null && !fieldError(save.error, 'green') && !fieldError(save.error, 'amber') && <ErrorAlert error={save.error} title="The target was not saved" />}
        {save.isSuccess && <Text fz="sm" role="status" mt="xs">Target saved.</Text>}
      </form>
      <ErrorAlert error={targets.error ?? remove.error} title="Targets" />
      {(targets.data?.length ?? 0) > 0 && (
        <ScrollTable minWidth={520} mt="md" label="Targets, scrolls sideways">
          <Table aria-label="Targets" striped>
            <Table.Thead>
              <Table.Tr>
                {['KPI', 'For', 'Green', 'Amber'].map((h) => <Table.Th key={h} scope="col">{h}</Table.Th>)}
                <Table.Th scope="col"><span className="visually-hidden">Actions</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(targets.data ?? []).map((t: Target) => {
                const of = kpiOf(t.kpi);
                const shown = (v: number) => (of ? formatValue(of.kpi, of.unit, v) : String(v));
                const sign = of?.better === 'lower' ? '≤' : '≥';
                return (
                  <Table.Tr key={t.id}>
                    <Table.Td>{of?.label ?? t.kpi}</Table.Td>
                    <Table.Td>{departmentName(t.departmentId)}</Table.Td>
                    <Table.Td>{sign} {shown(t.green)}</Table.Td>
                    <Table.Td>{sign} {shown(t.amber)}</Table.Td>
                    <Table.Td ta="right">
                      <Button size="compact-sm" variant="default" loading={remove.isPending && remove.variables === t.id}
                        onClick={() => remove.mutate(t.id)} aria-label={`Remove the ${of?.label ?? t.kpi} target for ${departmentName(t.departmentId)}`}>Remove</Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Paper>
  );
}
