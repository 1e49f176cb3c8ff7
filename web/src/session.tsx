import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError, onSessionExpired, request, setCsrfToken } from './api.js';
import type { Permission, SessionInfo } from './types.js';

interface SessionState {
  /** undefined while the first session check runs; null when signed out. */
  session: SessionInfo | null | undefined;
  /** Why the user is on the sign-in page (session expired, signed out). */
  notice: string | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  can(permission: Permission): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);

  const adopt = useCallback((next: SessionInfo | null) => {
    setCsrfToken(next?.csrfToken ?? null);
    setSession(next);
  }, []);

  useEffect(() => {
    let cancelled = false;
    request<SessionInfo>('GET', '/api/auth/session', undefined, { anonymous: true })
      .then((info) => { if (!cancelled) adopt(info); })
      .catch((error: unknown) => {
        if (cancelled) return;
        adopt(null);
        if (error instanceof ApiError && error.status !== 401) setNotice(error.message);
      });
    return () => { cancelled = true; };
  }, [adopt]);

  useEffect(() => {
    onSessionExpired((message) => {
      adopt(null);
      setNotice(/session/i.test(message) ? message : 'Your session has ended. Sign in again to continue.');
      queryClient.clear();
    });
    return () => onSessionExpired(null);
  }, [adopt, queryClient]);

  const value = useMemo<SessionState>(() => ({
    session,
    notice,
    async signIn(email, password) {
      const info = await request<SessionInfo>('POST', '/api/auth/login', { email, password }, { anonymous: true });
      queryClient.clear();
      setNotice(null);
      adopt(info);
    },
    async signOut() {
      try {
        await request<void>('POST', '/api/auth/logout', {}, { anonymous: true });
      } finally {
        queryClient.clear();
        adopt(null);
        setNotice('You have signed out.');
      }
    },
    can: (permission) => session?.permissions.includes(permission) ?? false,
  }), [session, notice, adopt, queryClient]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession must be used inside SessionProvider');
  return state;
}

/** The signed-in session; only for pages rendered inside the signed-in shell. */
export function useSignedIn(): SessionInfo & { can(permission: Permission): boolean } {
  const { session, can } = useSession();
  if (!session) throw new Error('useSignedIn used while signed out');
  return { ...session, can };
}
