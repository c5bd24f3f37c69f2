import { createAdminClient, type AdminClient, type SessionDocument } from '@leadpulse/contract/client';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

type Role = SessionDocument['user']['role'];

interface Session {
  readonly api: AdminClient;
  /** undefined while the first check runs, null when signed out. */
  readonly user: SessionDocument['user'] | null | undefined;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** Changes the user's own password; the server ends every other session and this one continues under a new token. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /**
   * What the signed-in role may open or change (the server enforces the same table); `followUps`: edit scenarios and
   * templates, retry sends, reassign tasks; `trainModel`: train the predictive score.
   */
  can(what: Capability): boolean;
}

export type Capability = 'doctrine' | 'settings' | 'keys' | 'users' | 'costs' | 'followUps' | 'trainModel';
const SessionContext = createContext<Session | null>(null);
const ALLOWED: Record<Role, ReadonlySet<Capability>> = {
  admin: new Set(['doctrine', 'settings', 'keys', 'users', 'costs', 'followUps', 'trainModel']),
  marketer: new Set(['doctrine', 'settings', 'costs', 'followUps', 'trainModel']),
  sales: new Set(),
};

/** The signed-in user and the API client, which sends the session's CSRF token on every change. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionDocument | null | undefined>(undefined);
  const [csrf] = useState<{ token: string | null }>({ token: null });
  const api = useMemo(() => createAdminClient({ csrfToken: () => csrf.token }), [csrf]);

  const accept = useCallback(
    (doc: SessionDocument | null) => {
      csrf.token = doc?.csrfToken ?? null;
      setSession(doc);
    },
    [csrf],
  );
  useEffect(() => {
    api.session.get().then(accept, () => accept(null));
  }, [api, accept]);

  const value = useMemo<Session>(
    () => ({
      api,
      user: session === undefined ? undefined : (session?.user ?? null),
      signIn: async (email, password) => accept(await api.session.signIn(email, password)),
      signOut: async () => {
        await api.session.signOut().catch(() => undefined);
        accept(null);
      },
      changePassword: async (currentPassword, newPassword) => accept(await api.session.changePassword(currentPassword, newPassword)),
      can: (what) => (session ? ALLOWED[session.user.role].has(what) : false),
    }),
    [api, session, accept],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
