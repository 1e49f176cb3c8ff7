import { Title } from '@mantine/core';

export function Calendar() {
  return <Title order={1}>Schedule</Title>;
}
