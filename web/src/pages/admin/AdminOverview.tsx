import { Link } from 'react-router-dom';
import { Anchor, Group, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { BarChart } from '@mantine/charts';
import { useSignedIn } from '../../session.js';
import { SHORT_ROLE_LABELS } from '../../format.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useDepartments, useRoles, useStaff, useTokens } from './adminQueries.js';

const INBOX_SETTINGS = [
  { to: '/admin/channels', label: 'Channels' }, { to: '/admin/business-hours', label: 'Business hours' }, { to: '/admin/sla-policies', label: 'SLA policies' },
  { to: '/admin/rules', label: 'Automation rules' }, { to: '/admin/canned-replies', label: 'Canned replies' }, { to: '/outbox', label: 'Outbox' },
];

function Stat({ label, value, to, link }: { label: string; value: number | string; to: string; link: string }) {
  return (
    <Paper withBorder p="md">
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Text fz={28} fw={700}>{value}</Text>
      <Anchor component={Link} to={to} fz="sm">{link}</Anchor>
    </Paper>
  );
}

export function AdminOverview() {
  usePageTitle('Admin');
  const { can } = useSignedIn();
  const staff = useStaff();
  const departments = useDepartments();
  const roles = useRoles();
  const tokens = useTokens(can('tokens:manage'));

  const active = staff.data?.filter((s) => s.active) ?? [];
  const byRole = (roles.data ?? []).map((role) => ({ staffRole: SHORT_ROLE_LABELS[role.name] ?? role.label, Active: active.filter((s) => s.role === role.name).length }));
  const activeTokens = tokens.data?.filter((t) => !t.revokedAt).length;

  return (
    <>
      <Title order={1} mb="md">Admin</Title>
      <ErrorAlert error={staff.error ?? departments.error ?? roles.error} title="Some figures could not be loaded" />
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
        <Stat label="Staff" value={staff.data ? `${active.length} active` : '…'} to="/admin/staff" link="Manage staff" />
        <Stat label="Departments" value={departments.data ? departments.data.filter((d) => !d.archived).length : '…'} to="/admin/departments" link="Manage departments" />
        {can('tokens:manage') && <Stat label="API tokens" value={activeTokens ?? '…'} to="/admin/tokens" link="Manage API tokens" />}
      </SimpleGrid>
      {can('inbox:read') && (
        <Paper withBorder p="md" maw={720} mb="md">
          <Title order={2} fz="h4" mb={4}>Inbox settings</Title>
          <Group gap="md">
            {INBOX_SETTINGS.map((item) => <Anchor key={item.to} component={Link} to={item.to} fz="sm">{item.label}</Anchor>)}
          </Group>
        </Paper>
      )}
      <Paper withBorder p="md" maw={720}>
        <Title order={2} fz="h4" mb={4} id="staff-by-role">Active staff by role</Title>
        <Text fz="sm" c="dimmed" mb="sm">
          {byRole.map((r) => `${r.staffRole}: ${r.Active}`).join(' · ') || 'Loading…'}
        </Text>
        <div role="img" aria-labelledby="staff-by-role">
          <BarChart
            h={200}
            data={byRole}
            dataKey="staffRole"
            series={[{ name: 'Active', color: 'blue.8' }]}
            orientation="vertical"
            yAxisProps={{ width: 110 }}
            gridAxis="x"
            withTooltip={false}
            barProps={{ radius: 2 }}
            xAxisProps={{ allowDecimals: false }}
          />
        </div>
      </Paper>
    </>
  );
}
