import type { Dispatch, SetStateAction } from 'react';
import { useI18n } from '../i18n/i18n.js';

/**
 * Previous / next for a list the server pages with a cursor. `cursors` holds the cursor of each page up to this one
 * (null for the first), so "previous" needs no cursor going backwards.
 */
export function CursorPager({ cursors, setCursors, nextCursor }: { cursors: readonly (string | null)[]; setCursors: Dispatch<SetStateAction<(string | null)[]>>; nextCursor: string | null }) {
  const { t } = useI18n();
  return (
    <nav className="pager" aria-label={t('contacts.pages')}>
      <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((list) => list.slice(0, -1))}>
        {t('contacts.previous')}
      </button>
      <span className="muted">{t('contacts.page', { n: cursors.length })}</span>
      <button type="button" disabled={!nextCursor} onClick={() => setCursors((list) => [...list, nextCursor])}>
        {t('contacts.next')}
      </button>
    </nav>
  );
}
