import type { ApiError, SegmentPreviewDocument } from '@leadpulse/contract/client';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { useSession } from '../../session.js';
import { useDebounced } from '../../use-debounced.js';
import { asApiError } from '../../use-load.js';
import type { StageNames } from '../stage-names.js';
import { StageBadge } from '../stage-badge.js';
import { ErrorBox } from '../states.js';
import { StageBars } from './stage-bars.js';

type Counted = ({ status: 'counting' } | { status: 'ready'; data: SegmentPreviewDocument } | { status: 'invalid' } | { status: 'error'; error: ApiError }) & { for?: string };

/**
 * Who the unsaved definition holds, asked again once the conditions stop changing for a moment: the count, whether the
 * database alone decided it, how long it took, the split by stage and a few members. A definition the server refuses
 * hands its issues to the builder, which shows them next to their rows.
 */
export function LiveCount({ body, empty, names, onIssues }: { body: string; empty: boolean; names: StageNames; onIssues: (error: ApiError | null) => void }) {
  const { api } = useSession();
  const { t, f } = useI18n();
  const settled = useDebounced(body, 350);
  const [counted, setCounted] = useState<Counted>({ status: 'counting' });
  useEffect(() => {
    // The language has no empty group: with no condition yet there is nothing to ask.
    if (empty) {
      onIssues(null);
      return;
    }
    let live = true;
    api.previewSegment(JSON.parse(settled) as { where: unknown; purchasingPower?: unknown }).then(
      (data) => {
        if (!live) return;
        setCounted({ status: 'ready', data, for: settled });
        onIssues(null);
      },
      (e: unknown) => {
        if (!live) return;
        const error = asApiError(e);
        if (error.status === 400) {
          setCounted({ status: 'invalid', for: settled });
          onIssues(error);
        } else setCounted({ status: 'error', error, for: settled });
      },
    );
    return () => {
      live = false;
    };
  }, [api, settled, empty, onIssues]);

  // The last answer stays on screen, dimmed, while the next one is asked: the number does not flicker as one types.
  const stale = !empty && counted.for !== body;
  return (
    <section className="live-count" aria-labelledby="live-count" aria-busy={stale}>
      <h2 id="live-count">{t('segments.live')}</h2>
      {empty && <p className="muted">{t('segments.addToCount')}</p>}
      {!empty && counted.status === 'invalid' && <p className="muted">{t('segments.fixToCount')}</p>}
      {!empty && counted.status === 'error' && <ErrorBox error={counted.error} />}
      {!empty && counted.status === 'counting' && <p className="muted">{t('segments.counting')}</p>}
      {!empty && counted.status === 'ready' && (
        <div className={stale ? 'stale' : undefined}>
          <p className="big-count" role="status" aria-live="polite">
            {t('segments.count', { n: f.number(counted.data.count) })}
          </p>
          <p className="muted small">
            {t(counted.data.exact ? 'segments.exact' : 'segments.estimate')} · {t('segments.took', { ms: f.number(counted.data.tookMs, 0) })}
          </p>
          <h3>{t('segments.byStage')}</h3>
          <StageBars counts={Object.entries(counted.data.byStage).map(([stage, count]) => ({ stage, count }))} names={names} label={t('segments.byStage')} />
          <h3>{t('segments.sample')}</h3>
          {counted.data.sample.length === 0 ? (
            <p className="muted">{t('segments.nobody')}</p>
          ) : (
            <ul className="sample">
              {counted.data.sample.map((c) => (
                <li key={c.id}>
                  <a href={href(`/contacts/${c.id}`)}>{c.email ?? c.userId ?? c.id}</a> <StageBadge stage={c.stage} label={names.label(c.stage)} />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
