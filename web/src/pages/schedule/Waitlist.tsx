import { Title } from '@mantine/core';

export function Waitlist() {
  return <Title order={1}>Waitlist</Title>;
}
