import { useState, type FormEvent } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Alert, Box, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { ApiError } from '../api.js';
import { useSession } from '../session.js';
import { usePageTitle } from '../components/usePageTitle.js';

function explain(error: unknown): { title: string; message: string } {
  if (!(error instanceof ApiError)) return { title: 'Sign-in failed', message: String(error) };
  if (error.status === 423) return { title: 'Account locked', message: error.message };
  if (error.status === 429) return { title: 'Too many attempts', message: error.message };
  return { title: 'Sign-in failed', message: error.message };
}

export function SignIn() {
  usePageTitle('Sign in');
  const { session, notice, signIn } = useSession();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  if (session) return <Navigate to={from && from !== '/sign-in' ? from : '/patients'} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (failure) {
      setError(failure);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  const problem = error ? explain(error) : null;
  return (
    <Box bg="gray.1" mih="100vh">
      <Center mih="100vh" p="md">
        <Stack w={380} gap="md">
          <header>
            <Text fw={800} fz={28} c="blue.9" ta="center">Careloop</Text>
            <Text ta="center" c="dimmed" fz="sm">Patient service for your clinic</Text>
          </header>
          <main>
            <Paper withBorder shadow="sm" p="lg" radius="md">
              <form onSubmit={(event) => void submit(event)} noValidate aria-labelledby="sign-in-title">
                <Stack gap="sm">
                  <Title order={1} fz="h3" id="sign-in-title">Sign in</Title>
                  {notice && !problem && <Alert color="blue" variant="light" role="status">{notice}</Alert>}
                  {problem && <Alert color="red" variant="light" title={problem.title} role="alert">{problem.message}</Alert>}
                  <TextInput
                    label="E-mail"
                    type="email"
                    autoComplete="username"
                    required
                    value={email}
                    onChange={(event) => setEmail(event.currentTarget.value)}
                    data-autofocus
                  />
                  <PasswordInput
                    label="Password"
                    autoComplete="current-password"
                    required
                    value={password}
                    onChange={(event) => setPassword(event.currentTarget.value)}
                  />
                  <Button type="submit" loading={busy} disabled={!email || !password} fullWidth mt="xs">Sign in</Button>
                </Stack>
              </form>
            </Paper>
            <Text fz="xs" c="dimmed" ta="center" mt="sm">Forgot your password? An administrator can reset it under Admin → Staff.</Text>
          </main>
        </Stack>
      </Center>
    </Box>
  );
}
