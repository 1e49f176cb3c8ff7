import { Title } from '@mantine/core';

export function BookingPage() {
  return <Title order={1}>Book an appointment</Title>;
}
