import { Alert, List, Paper, Text, Title } from '@mantine/core';
import { usePageTitle } from '../components/usePageTitle.js';

export interface Placeholder {
  path: string;
  title: string;
  holds: string;
  items?: string[];
  notFound?: boolean;
}

/** Sections of the console that later releases fill in; each page says what it will hold. */
export const PLACEHOLDERS: Placeholder[] = [
  {
    path: 'inbox', title: 'Inbox',
    holds: 'One queue for every conversation with patients, whatever the channel.',
    items: ['SMS, e-mail, web chat, portal messages and call logs in one list', 'Assignment to you, your team or round robin', 'Canned replies, internal notes and SLA warnings before a breach'],
  },
  {
    path: 'quality', title: 'Quality',
    holds: 'Incidents, root cause analysis and corrective actions.',
    items: ['Incidents from complaints or staff reports', '5 whys and fishbone analysis, FMEA worksheets', 'Corrective and preventive actions with owners and due dates'],
  },
];

export function NotBuilt({ section }: { section: Placeholder }) {
  usePageTitle(section.title);
  return (
    <>
      <Title order={1} mb="md">{section.title}</Title>
      <Paper withBorder p="lg" maw={720}>
        {!section.notFound && (
          <Alert color="blue" variant="light" title="Not built yet — coming in a later release" mb="md">
            This part of Careloop is not available in this version.
          </Alert>
        )}
        <Text mb="sm">{section.holds}</Text>
        {section.items && (
          <>
            <Title order={2} fz="md" mb="xs">What it will hold</Title>
            <List size="sm" spacing={4}>{section.items.map((item) => <List.Item key={item}>{item}</List.Item>)}</List>
          </>
        )}
      </Paper>
    </>
  );
}
