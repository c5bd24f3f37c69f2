import { ApiError } from '@leadpulse/contract/client';
import { useCallback, useEffect, useState } from 'react';

export type Loaded<T> = { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'ready'; data: T };

const asApiError = (error: unknown) => (error instanceof ApiError ? error : new ApiError(0, 'internal_error', String(error)));

/**
 * Loads data for a screen, again whenever `deps` change; `reload` asks again. Data loaded for other deps is never
 * returned: until the new answer comes, the screen shows loading, not the previous report under a new name.
 */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> & { reload: () => void } {
  const [tick, setTick] = useState(0);
  const key = JSON.stringify([...deps, tick]);
  const [state, setState] = useState<{ key: string; loaded: Loaded<T> }>({ key: '', loaded: { status: 'loading' } });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ key, loaded: { status: 'ready', data } }),
      (error: unknown) => live && setState({ key, loaded: { status: 'error', error: asApiError(error) } }),
    );
    return () => {
      live = false;
    };
    // The key stands for the deps the caller lists.
  }, [key]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...(state.key === key ? state.loaded : { status: 'loading' }), reload };
}

export { asApiError };
