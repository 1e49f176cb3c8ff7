import { NavLink as RouterLink, Outlet, useLocation } from 'react-router-dom';
import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useSignedIn, useSession } from '../session.js';
import { ROLE_LABELS } from '../format.js';
import type { Permission } from '../types.js';
import { InboxNavBadge } from './inbox/NavBadge.js';

interface NavItem {
  to: string;
  label: string;
  permission?: Permission;
  children?: NavItem[];
}

const NAV: NavItem[] = [
  { to: '/inbox', label: 'Inbox', permission: 'inbox:read' },
  { to: '/tasks', label: 'Tasks', permission: 'tasks:read' },
  { to: '/referrals', label: 'Referrals', permission: 'referrals:read' },
  { to: '/outbox', label: 'Outbox', permission: 'inbox:read' },
  // Beside the inbox, not under Admin: agents look answers up while they answer (editing needs assistant:manage).
  { to: '/knowledge', label: 'Knowledge base', permission: 'inbox:read' },
  {
    to: '/schedule', label: 'Schedule', permission: 'schedule:read', children: [
      { to: '/schedule', label: 'Calendar', permission: 'schedule:read' },
      { to: '/schedule/queue', label: 'Waiting room', permission: 'schedule:read' },
      { to: '/schedule/waitlist', label: 'Waitlist', permission: 'schedule:read' },
    ],
  },
  {
    to: '/patients', label: 'Patients', permission: 'patients:read', children: [
      { to: '/patients', label: 'Find a patient', permission: 'patients:read' },
      { to: '/patients/new', label: 'New patient', permission: 'patients:write' },
      { to: '/patients/import', label: 'Import CSV', permission: 'patients:import' },
    ],
  },
  {
    to: '/feedback', label: 'Feedback', permission: 'feedback:read', children: [
      { to: '/feedback/recovery', label: 'Recovery cases', permission: 'feedback:read' },
      { to: '/feedback/responses', label: 'Responses', permission: 'feedback:read' },
      { to: '/feedback/surveys', label: 'Surveys', permission: 'feedback:manage' },
    ],
  },
  {
    to: '/quality', label: 'Quality', children: [
      { to: '/quality/dashboard', label: 'Dashboard', permission: 'quality:read' },
      { to: '/quality/incidents', label: 'Incidents', permission: 'quality:report' },
      { to: '/quality/incidents/new', label: 'Report an incident', permission: 'quality:report' },
      { to: '/quality/actions', label: 'Actions (CAPA)', permission: 'quality:read' },
      { to: '/quality/fmea', label: 'FMEA', permission: 'quality:read' },
    ],
  },
  { to: '/broadcasts', label: 'Broadcasts', permission: 'broadcast:read' },
  { to: '/reports', label: 'Reports', permission: 'reports:read' },
  {
    to: '/admin', label: 'Admin', children: [
      { to: '/admin', label: 'Overview', permission: 'staff:manage' },
      { to: '/admin/staff', label: 'Staff', permission: 'staff:manage' },
      { to: '/admin/departments', label: 'Departments', permission: 'staff:manage' },
      { to: '/admin/roles', label: 'Roles', permission: 'staff:manage' },
      { to: '/admin/tokens', label: 'API tokens', permission: 'tokens:manage' },
      { to: '/admin/channels', label: 'Channels', permission: 'inbox:manage' },
      { to: '/admin/business-hours', label: 'Business hours', permission: 'inbox:manage' },
      { to: '/admin/sla-policies', label: 'SLA policies', permission: 'inbox:manage' },
      { to: '/admin/rules', label: 'Automation rules', permission: 'inbox:manage' },
      { to: '/admin/canned-replies', label: 'Canned replies', permission: 'inbox:manage' },
      { to: '/admin/assistant', label: 'Assistant', permission: 'assistant:manage' },
      { to: '/admin/webhooks', label: 'Webhooks', permission: 'webhooks:manage' },
      { to: '/admin/task-rules', label: 'Task rules', permission: 'tasks:manage' },
      { to: '/admin/scheduling', label: 'Scheduling setup', permission: 'schedule:manage' },
      { to: '/admin/questionnaires', label: 'Questionnaires', permission: 'schedule:manage' },
    ],
  },
];

function visibleNav(can: (permission: Permission) => boolean): NavItem[] {
  return NAV.flatMap((item) => {
    if (item.permission && !can(item.permission)) return [];
    if (!item.children) return [item];
    const children = item.children.filter((child) => !child.permission || can(child.permission));
    const first = children[0];
    if (!first) return [];
    return [{ ...item, to: first.to, children }];
  });
}

export function Shell() {
  const { user, can } = useSignedIn();
  const { signOut } = useSession();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const items = visibleNav(can);
  const exact = (to: string) => location.pathname === to;
  const within = (to: string) => location.pathname === to || location.pathname.startsWith(`${to}/`);
  // A page under a child (a patient's record, a recovery case) lights that child, unless a sibling names the page more exactly.
  const childActive = (to: string, siblings: NavItem[]) => exact(to) || (within(to) && !siblings.some((s) => s.to.length > to.length && within(s.to)));

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <a className="skip-link" href="#main">Skip to main content</a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={800} fz="lg" c="blue.9">Careloop</Text>
            <Text fz="sm" c="dimmed" visibleFrom="xs">{user.organizationName}</Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Stack gap={0} align="flex-end" visibleFrom="sm">
              <Text fz="sm" fw={600} data-testid="signed-in-user">{user.displayName}</Text>
              <Text fz="xs" c="dimmed">{ROLE_LABELS[user.role] ?? user.role}</Text>
            </Stack>
            <Button variant="default" size="xs" onClick={() => void signOut()}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <ScrollArea>
          {items.map((item) => item.children ? (
            <NavLink
              key={item.label}
              label={item.label}
              defaultOpened
              childrenOffset="sm"
              active={false}
            >
              {item.children.map((child) => (
                <NavLink
                  key={child.to}
                  component={RouterLink}
                  to={child.to}
                  end
                  label={child.label}
                  active={childActive(child.to, item.children ?? [])}
                  onClick={close}
                />
              ))}
            </NavLink>
          ) : (
            <NavLink
              key={item.to}
              component={RouterLink}
              to={item.to}
              label={item.label}
              active={within(item.to)}
              onClick={close}
              rightSection={item.to === '/inbox' ? <InboxNavBadge enabled={can('inbox:read')} /> : undefined}
            />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
