import { Title } from '@mantine/core';

export function AssistantSettings() {
  return <Title order={1}>Assistant</Title>;
}
