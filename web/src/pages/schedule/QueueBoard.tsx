import { Title } from '@mantine/core';

export function QueueBoard() {
  return <Title order={1}>Waiting room</Title>;
}
