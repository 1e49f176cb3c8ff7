import { Button, Group, NativeSelect, Paper, Text, TextInput } from '@mantine/core';
import { formatDate } from '../../format.js';
import { DIMENSION_KEYS, PERIODS, type DimensionKey, type ReportState } from '../../pages/reports/reportFilters.js';
import type { Dimensions, Option } from '../../pages/reports/types.js';

const DIMENSION_FIELDS: { key: DimensionKey; label: string; all: string; options: (d: Dimensions) => Option[] }[] = [
  { key: 'departmentId', label: 'Department', all: 'All departments', options: (d) => d.departments },
  { key: 'providerId', label: 'Provider', all: 'All providers', options: (d) => d.providers },
  { key: 'locationId', label: 'Location', all: 'All locations', options: (d) => d.locations },
  { key: 'channel', label: 'Channel', all: 'All channels', options: (d) => d.channels },
];

/** The period and the four filters every number on the page is computed for. */
export function ReportFiltersBar({ state, dimensions, timeZone }: { state: ReportState; dimensions: Dimensions | undefined; timeZone: string }) {
  const { period, filters, update } = state;
  const filtered = DIMENSION_KEYS.some((key) => filters[key]);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="report-filters-heading">
      <h2 id="report-filters-heading" className="visually-hidden">Period and filters</h2>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect label="Period" value={period} w={{ base: '100%', xs: 170 }}
          data={PERIODS.map((p) => ({ value: p.value, label: p.label }))}
          onChange={(e) => {
            const next = e.currentTarget.value;
            // Custom starts from the dates on screen, so switching does not jump somewhere else.
            update(next === 'custom' ? { period: next, from: filters.from, to: filters.to, page: null } : { period: next, from: null, to: null, page: null });
          }} />
        {period === 'custom' && (
          <>
            <TextInput type="date" label="From" value={filters.from} w={{ base: '100%', xs: 160 }} max={filters.to}
              onChange={(e) => e.currentTarget.value && update({ from: e.currentTarget.value, page: null })} />
            <TextInput type="date" label="To" value={filters.to} w={{ base: '100%', xs: 160 }} min={filters.from}
              onChange={(e) => e.currentTarget.value && update({ to: e.currentTarget.value, page: null })} />
          </>
        )}
        {DIMENSION_FIELDS.map((field) => (
          <NativeSelect key={field.key} label={field.label} w={{ base: '100%', xs: 190 }} value={filters[field.key] ?? ''}
            data={[{ value: '', label: field.all }, ...(dimensions ? field.options(dimensions).map((o) => ({ value: o.id, label: o.name })) : [])]}
            onChange={(e) => update({ [field.key]: e.currentTarget.value || null, page: null })} />
        ))}
        {filtered && (
          <Button variant="subtle" onClick={() => update(Object.fromEntries(DIMENSION_KEYS.map((key) => [key, null])))}>Clear filters</Button>
        )}
      </Group>
      <Text fz="sm" c="dimmed" mt="xs" role="status" aria-live="polite">
        {formatDate(filters.from)} – {formatDate(filters.to)}, both days included, on the clinic&apos;s clock ({timeZone}).
      </Text>
    </Paper>
  );
}
