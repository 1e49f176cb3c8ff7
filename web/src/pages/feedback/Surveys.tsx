import { Title } from '@mantine/core';

export function Surveys() {
  return <Title order={1}>Surveys</Title>;
}
