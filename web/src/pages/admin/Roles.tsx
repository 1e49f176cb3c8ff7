import { Paper, Table, Text, Title } from '@mantine/core';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { usePageTitle } from '../../components/usePageTitle.js';
import { useRoles } from './adminQueries.js';

const PERMISSIONS: { name: string; label: string }[] = [
  { name: 'patients:read', label: 'Find and read patients' },
  { name: 'patients:write', label: 'Register and edit patients' },
  { name: 'patients:merge', label: 'Merge duplicate records' },
  { name: 'patients:import', label: 'Import patients from CSV' },
  { name: 'audit:read', label: 'Read the audit log' },
  { name: 'staff:manage', label: 'Manage staff and departments' },
  { name: 'tokens:manage', label: 'Manage API tokens' },
  { name: 'inbox:read', label: 'Read patient conversations and the test outbox' },
  { name: 'inbox:reply', label: 'Answer patients, add notes, assign conversations' },
  { name: 'inbox:manage', label: 'Set up channels, SLAs, business hours, rules and canned replies' },
  { name: 'tasks:read', label: 'See follow-up tasks' },
  { name: 'tasks:write', label: 'Create, reassign and complete follow-up tasks' },
  { name: 'schedule:read', label: 'See calendars, appointments and the waiting room' },
  { name: 'schedule:book', label: 'Book, move, cancel and check in appointments' },
  { name: 'schedule:manage', label: 'Set up locations, providers, services, hours and reminders' },
];

/** Roles are fixed bundles of permissions; this page shows which role may do what. */
export function Roles() {
  usePageTitle('Roles');
  const roles = useRoles();
  return (
    <>
      <Title order={1} mb="xs">Roles and permissions</Title>
      <Text c="dimmed" fz="sm" mb="md">Each staff member and API token has one role. Roles are fixed in this version; change a person’s role under Staff.</Text>
      <ErrorAlert error={roles.error} />
      {roles.data && (
        <Paper withBorder p="md" maw={1000}>
          <Table.ScrollContainer minWidth={700}>
            <Table striped aria-label="Permissions of each role">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Permission</Table.Th>
                  {roles.data.map((role) => <Table.Th key={role.name} scope="col" ta="center">{role.label}</Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {PERMISSIONS.map((permission) => (
                  <Table.Tr key={permission.name}>
                    <Table.Th scope="row" fw={500}>
                      {permission.label} <Text span fz="xs" c="dimmed" ff="monospace">{permission.name}</Text>
                    </Table.Th>
                    {roles.data.map((role) => {
                      const granted = role.permissions.includes(permission.name);
                      return (
                        <Table.Td key={role.name} ta="center" c={granted ? 'green.9' : 'gray.7'}>
                          <span aria-hidden="true">{granted ? '✓' : '—'}</span>
                          <span className="visually-hidden">{granted ? 'Yes' : 'No'}</span>
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </>
  );
}
