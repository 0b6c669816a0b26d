import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { api, type User } from '../api/client';
import { carryGuestProgress } from '../app/progress';

interface AuthState {
  user: User | null;
  ready: boolean;
  oidc: boolean;
  publicUrl: string;
  /** Call after signing in or out; carries guest progress into a new session's account. */
  setUser(user: User | null): Promise<void>;
}

const AuthContext = createContext<AuthState>({
  user: null,
  ready: false,
  oidc: false,
  publicUrl: '',
  setUser: async () => {},
});

export function AuthProvider({ children }: { children: React.ReactNode }) {
  const [user, setUserState] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  const [oidc, setOidc] = useState(false);
  const [publicUrl, setPublicUrl] = useState('');

  useEffect(() => {
    api.session().then(
      async (session) => {
        setOidc(session.oidc);
        setPublicUrl(session.publicUrl);
        setUserState(session.user);
        if (session.user) await carryGuestProgress().catch(() => undefined);
        setReady(true);
      },
      () => setReady(true),
    );
  }, []);

  const setUser = useCallback(async (next: User | null) => {
    await api.session();
    if (next) await carryGuestProgress().catch(() => undefined);
    setUserState(next);
  }, []);

  return <AuthContext.Provider value={{ user, ready, oidc, publicUrl, setUser }}>{children}</AuthContext.Provider>;
}

export const useAuth = () => useContext(AuthContext);

/** The sign-in page, set to come back to the given page afterwards. */
export function signInHere(location: { pathname: string; search: string }): string {
  return `/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`;
}
