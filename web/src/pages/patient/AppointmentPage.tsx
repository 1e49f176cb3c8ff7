import { Title } from '@mantine/core';

export function AppointmentPage() {
  return <Title order={1}>Your appointment</Title>;
}
