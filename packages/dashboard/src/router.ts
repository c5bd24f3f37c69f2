import { useEffect, useState } from 'react';

/** Screens live in the URL's hash (#/contacts/ct_1?stage=hot), so the server serves one page for all of them. */
export interface Route {
  readonly path: string;
  readonly segments: readonly string[];
  readonly params: URLSearchParams;
}

function current(): Route {
  const hash = decodeURI(window.location.hash.replace(/^#/, '')) || '/';
  const [path = '/', search = ''] = hash.split('?');
  return { path, segments: path.split('/').filter(Boolean), params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export const href = (path: string, params: Record<string, string | undefined> = {}) => {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => Boolean(e[1]))).toString();
  return `#${path}${search ? `?${search}` : ''}`;
};

export const navigate = (path: string, params: Record<string, string | undefined> = {}) => {
  window.location.hash = href(path, params).slice(1);
};
