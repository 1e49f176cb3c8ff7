import { Title } from '@mantine/core';

export function SchedulingSetup() {
  return <Title order={1}>Scheduling setup</Title>;
}
