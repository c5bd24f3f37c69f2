import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { StageBadge } from './stage-badge.js';

interface FeedLine {
  id: string;
  contactId: string;
  email: string | null;
  from: string | null;
  to: string;
  at: string;
  labels: { from: { en: string; fr: string } | null; to: { en: string; fr: string } };
}

/** Stage changes as they happen, newest first, from the server-sent event stream. */
export function LiveFeed() {
  const { api } = useSession();
  const { t, f, lang } = useI18n();
  const [lines, setLines] = useState<FeedLine[]>([]);
  const [status, setStatus] = useState<'connecting' | 'live' | 'down'>('connecting');
  useEffect(() => {
    const source = new EventSource(api.stageFeedUrl(15), { withCredentials: true });
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus('down');
    source.addEventListener('stage-change', (event) => {
      const line = JSON.parse((event as MessageEvent<string>).data) as FeedLine;
      setLines((known) => [line, ...known.filter((l) => l.id !== line.id)].slice(0, 30));
    });
    return () => source.close();
  }, [api]);
  return (
    <div className="feed">
      <p className={`feed-status ${status}`} role="status">
        {t(`feed.${status}`)}
      </p>
      {lines.length === 0 ? (
        <p className="muted">{t('feed.empty')}</p>
      ) : (
        <ul aria-live="polite">
          {lines.map((line) => (
            <li key={line.id}>
              <time dateTime={line.at}>{f.dateTime(line.at)}</time>{' '}
              <a href={href(`/contacts/${line.contactId}`)}>{line.email ?? line.contactId}</a>{' '}
              {line.labels.from ? <StageBadge stage={line.from!} label={line.labels.from[lang]} /> : <span className="muted">{t('feed.new')}</span>} →{' '}
              <StageBadge stage={line.to} label={line.labels.to[lang]} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
