import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { Notification, Stack } from '@mantine/core';
import { explainError } from './inboxFormat.js';

interface Note {
  id: number;
  title: string;
  message: string;
  color: 'red' | 'green' | 'blue';
}

interface Notifier {
  /** A short confirmation ("Resolved"), gone after a few seconds. */
  success(title: string, message?: string): void;
  /** The API's explanation of a refusal, kept until read (or 15 s). */
  failure(error: unknown, title?: string): void;
  /** News from elsewhere (a patient booked online), kept until read (or 30 s). */
  info(title: string, message: string): void;
  /** Something that cannot wait (a patient described an emergency): red, announced at once, kept until dismissed. */
  urgent(title: string, message: string): void;
}

const NotifyContext = createContext<Notifier | null>(null);

/** Notifications in the corner of a staff screen: what an action did, why the server refused it, what a patient just did. */
export function NotifyProvider({ children }: { children: ReactNode }) {
  const [notes, setNotes] = useState<Note[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => setNotes((all) => all.filter((n) => n.id !== id)), []);
  const push = useCallback((note: Omit<Note, 'id'>, ms: number) => {
    const id = nextId.current++;
    setNotes((all) => [...all.slice(-2), { ...note, id }]);
    setTimeout(() => dismiss(id), ms);
  }, [dismiss]);
  const notifier = useMemo<Notifier>(() => ({
    success: (title, message = '') => push({ title, message, color: 'green' }, 4000),
    failure: (error, title) => {
      const explained = explainError(error);
      push({ title: title ?? explained.title, message: explained.message, color: 'red' }, 15_000);
    },
    info: (title, message) => push({ title, message, color: 'blue' }, 30_000),
    urgent: (title, message) => push({ title, message, color: 'red' }, 24 * 3600_000),
  }), [push]);
  return (
    <NotifyContext.Provider value={notifier}>
      {children}
      <Stack gap="xs" pos="fixed" top={60} right={16} w={360} maw="calc(100vw - 32px)" style={{ zIndex: 400 }} aria-live="polite">
        {notes.map((note) => (
          <Notification key={note.id} color={note.color} title={note.title} onClose={() => dismiss(note.id)} withBorder
            role={note.color === 'red' ? 'alert' : 'status'} closeButtonProps={{ 'aria-label': 'Dismiss notification' }}
            styles={{ description: { color: 'var(--mantine-color-gray-8)' } }}>
            {note.message}
          </Notification>
        ))}
      </Stack>
    </NotifyContext.Provider>
  );
}

export function useNotify(): Notifier {
  const notifier = useContext(NotifyContext);
  if (!notifier) throw new Error('useNotify must be used inside NotifyProvider');
  return notifier;
}
