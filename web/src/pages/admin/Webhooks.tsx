import { Title } from '@mantine/core';

export function Webhooks() {
  return <Title order={1}>Webhooks</Title>;
}
