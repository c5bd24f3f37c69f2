/** First-party storage: a cookie, with localStorage as the fallback and the home of larger values. Never throws. */
export interface FirstPartyStorage {
  get(name: string): string | null;
  /** `maxAgeS`: the cookie's lifetime (a year unless given). */
  set(name: string, value: string, options?: { cookie?: boolean; maxAgeS?: number }): void;
  remove(name: string): void;
}

const YEAR_S = 365 * 24 * 3600;

export function createStorage(cookieDomain: string | undefined): FirstPartyStorage {
  const local = (): Storage | null => {
    try {
      return window.localStorage;
    } catch {
      return null; // blocked by the browser's privacy settings
    }
  };
  const writeCookie = (name: string, value: string, maxAge: number) => {
    try {
      const secure = location.protocol === 'https:' ? '; Secure' : '';
      const domain = cookieDomain ? `; Domain=${cookieDomain}` : '';
      document.cookie = `${name}=${encodeURIComponent(value)}; Max-Age=${maxAge}; Path=/; SameSite=Lax${domain}${secure}`;
    } catch {
      // cookies disabled: localStorage still holds the value
    }
  };
  const readCookie = (name: string): string | null => {
    try {
      const match = new RegExp(`(?:^|; )${name}=([^;]*)`).exec(document.cookie);
      return match ? decodeURIComponent(match[1]!) : null;
    } catch {
      return null;
    }
  };
  return {
    get(name) {
      const fromCookie = readCookie(name);
      if (fromCookie) return fromCookie;
      try {
        return local()?.getItem(name) ?? null;
      } catch {
        return null;
      }
    },
    set(name, value, options) {
      if (options?.cookie) writeCookie(name, value, options.maxAgeS || YEAR_S);
      try {
        local()?.setItem(name, value);
      } catch {
        // quota or privacy mode: the cookie (if any) still holds it
      }
    },
    remove(name) {
      writeCookie(name, '', 0);
      try {
        local()?.removeItem(name);
      } catch {
        // nothing to remove
      }
    },
  };
}

/** A random id: crypto.randomUUID where available (secure contexts), else 128 random bits. */
export function randomId(): string {
  const c = window.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
