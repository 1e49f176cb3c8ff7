import { Title } from '@mantine/core';

export function WaitlistOfferPage() {
  return <Title order={1}>An earlier appointment</Title>;
}
