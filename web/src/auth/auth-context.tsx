// Who is signed in: loads /auth/me once at start, signs in and out, and drops to "signed out"
// whenever the server answers 401 (so the router sends the user to /login).
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, api, onUnauthenticated } from '../api/client.ts';
import type { Me } from '../api/types.ts';

export type AuthState =
  | { status: 'loading' }
  | { status: 'signed-out'; expired: boolean }
  | { status: 'signed-in'; me: Me }
  | { status: 'error'; error: unknown };

interface Auth {
  state: AuthState;
  signIn: (username: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
  reload: () => void;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api.me(controller.signal).then(
      (me) => setState({ status: 'signed-in', me }),
      (e: unknown) => {
        if (controller.signal.aborted) return;
        if (e instanceof ApiError && e.status === 401) {
          setState({ status: 'signed-out', expired: false });
        } else {
          setState({ status: 'error', error: e });
        }
      },
    );
    return () => controller.abort();
  }, [attempt]);

  useEffect(
    () =>
      onUnauthenticated(() =>
        setState((s) => (s.status === 'signed-in' ? { status: 'signed-out', expired: true } : s)),
      ),
    [],
  );

  const signIn = useCallback(async (username: string, password: string) => {
    const { user } = await api.login(username, password);
    setState({ status: 'signed-in', me: user });
    return user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setState({ status: 'signed-out', expired: false });
    }
  }, []);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<Auth>(
    () => ({ state, signIn, signOut, reload }),
    [state, signIn, signOut, reload],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only for components under RequireAuth. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useMe without a signed-in user');
  return state.me;
}
