import { Title } from '@mantine/core';

export function RecoveryCases() {
  return <Title order={1}>RecoveryCases</Title>;
}
