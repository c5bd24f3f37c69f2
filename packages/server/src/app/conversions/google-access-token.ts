import type { GoogleSettings } from './conversion-settings.js';
import { postForm } from './platform-answer.js';

/** An access token from the refresh token (OAuth 2.0 refresh_token grant), kept until a minute before it expires. */
export function createGoogleAccessToken(oauth: GoogleSettings['oauth'], now: () => number = Date.now) {
  let cached: { token: string; until: number } | null = null;
  return async (): Promise<{ token: string } | { error: string }> => {
    if (cached && now() < cached.until) return { token: cached.token };
    const answer = await postForm(oauth.tokenUrl, { grant_type: 'refresh_token', client_id: oauth.clientId, client_secret: oauth.clientSecret, refresh_token: oauth.refreshToken });
    if ('error' in answer) return { error: `Google OAuth ${answer.error}` };
    const json = answer.json as { access_token?: string; expires_in?: number; error?: string; error_description?: string } | null;
    if (answer.status !== 200 || typeof json?.access_token !== 'string') return { error: `Google OAuth HTTP ${answer.status}: ${json?.error_description ?? json?.error ?? 'no access token'}` };
    cached = { token: json.access_token, until: now() + Math.max((json.expires_in ?? 3600) - 60, 0) * 1000 };
    return { token: cached.token };
  };
}
