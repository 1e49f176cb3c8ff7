import { Title } from '@mantine/core';

export function WebhookDetail() {
  return <Title order={1}>Webhook deliveries</Title>;
}
