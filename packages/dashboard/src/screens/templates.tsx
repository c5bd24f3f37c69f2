import { DeliveryNote } from '../components/messages/local-delivery-note.js';
import { Empty, ErrorBox, Loading } from '../components/states.js';
import { useI18n } from '../i18n/i18n.js';
import { href } from '../router.js';
import { useSession } from '../session.js';
import { useLoad } from '../use-load.js';

/** Every message template, by key and language: what scenarios send. */
export default function Templates() {
  const { api, can } = useSession();
  const { t, f } = useI18n();
  const list = useLoad(() => api.listTemplates(), [api]);
  return (
    <>
      <h1>{t('templates.title')}</h1>
      <p className="muted">{t('templates.intro')}</p>
      <DeliveryNote />
      {can('followUps') && (
        <p>
          <a className="button" href={href('/templates/new')}>
            {t('templates.new')}
          </a>
        </p>
      )}
      {list.status === 'loading' && <Loading />}
      {list.status === 'error' && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.status === 'ready' &&
        (list.data.templates.length === 0 ? (
          <Empty title={t('templates.none')} />
        ) : (
          <table>
            <caption className="visually-hidden">{t('templates.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('templates.name')}</th>
                <th scope="col">{t('templates.key')}</th>
                <th scope="col">{t('templates.locale')}</th>
                <th scope="col">{t('templates.channel')}</th>
                <th scope="col">{t('templates.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {[...list.data.templates]
                .sort((a, b) => a.key.localeCompare(b.key) || a.locale.localeCompare(b.locale))
                .map((template) => (
                  <tr key={template.id}>
                    <td>
                      <a href={href(`/templates/${template.id}`)}>{template.name}</a>
                    </td>
                    <td>
                      <code>{template.key}</code>
                    </td>
                    <td>{t(`templates.locale.${template.locale}`)}</td>
                    <td>{t(`channel.${template.channel}`)}</td>
                    <td>{f.dateTime(template.updatedAt)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        ))}
    </>
  );
}
