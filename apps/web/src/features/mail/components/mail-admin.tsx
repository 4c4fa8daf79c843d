import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Status } from '@/components/status';
import { formatDate, useLanguage } from '@/lib/i18n';
import {
  type InboundMail,
  type MailStatus,
  rawMailHref,
  useMailOverview,
  useReprocessMail,
} from '../api/mail';
import '../strings';
import '../mail.css';
import '@/components/agent-controls.css';

const STATUSES: MailStatus[] = ['failed', 'ignored', 'pending', 'processed'];

/**
 * The e-mail channel for admins: the support addresses and the units answering from each, and the
 * mail received, failed first to hand: each can be downloaded as it came and processed again.
 */
export function MailAdmin() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = STATUSES.find((s) => s === params.get('status'));
  const page = Math.max(Number(params.get('page') ?? 1) || 1, 1);
  const overview = useMailOverview(status, page);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');

  if (!overview.data) return <Status tone="loading">{t('mailAdmin.loading')}</Status>;
  const { addresses, mails, counts, total, per_page } = overview.data;
  const pages = Math.max(Math.ceil(total / per_page), 1);
  const all = Object.values(counts).reduce((s, n) => s + n, 0);
  const go = (next: { status?: MailStatus | undefined; page?: number }) => {
    const p = new URLSearchParams();
    const s = 'status' in next ? next.status : status;
    if (s) p.set('status', s);
    if ((next.page ?? 1) > 1) p.set('page', String(next.page));
    setParams(p);
  };

  return (
    <div className="mail-admin">
      <title>{t('mailAdmin.pageTitle')}</title>
      <p className="breadcrumb">
        <Link to="/agent">{t('mailAdmin.back')}</Link>
      </p>
      <h1>{t('mailAdmin.heading')}</h1>
      <p>{t('mailAdmin.intro')}</p>
      <output aria-live="polite">{message}</output>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}

      <section aria-labelledby="mail-addresses">
        <h2 id="mail-addresses">{t('mailAdmin.addresses')}</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('mailAdmin.address')}</th>
                <th scope="col">{t('mailAdmin.name')}</th>
                <th scope="col">{t('mailAdmin.units')}</th>
              </tr>
            </thead>
            <tbody>
              {addresses.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <code>{a.email}</code>
                    {!a.active && <span className="badge">{t('mailAdmin.inactive')}</span>}
                  </th>
                  <td>{a.name}</td>
                  <td>{a.units.length ? a.units.map((u) => u.name).join(', ') : t('mailAdmin.noUnit')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="mail-received">
        <h2 id="mail-received">{t('mailAdmin.received')}</h2>
        <fieldset className="mail-admin__filters">
          <legend className="visually-hidden">{t('mailAdmin.filter')}</legend>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-pressed={!status}
            onClick={() => go({ status: undefined })}
          >
            {t('mailAdmin.all', { count: all })}
          </button>
          {STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              className="button button--secondary button--small"
              aria-pressed={status === s}
              onClick={() => go({ status: s })}
            >
              {t(`mailAdmin.status.${s}`, { count: counts[s] ?? 0 })}
            </button>
          ))}
        </fieldset>
        {mails.length === 0 ? (
          <p>{t('mailAdmin.empty')}</p>
        ) : (
          <MailTable
            mails={mails}
            onMessage={(m) => {
              setError('');
              setMessage(m);
            }}
            onError={(e) => {
              setMessage('');
              setError(e);
            }}
          />
        )}
        {pages > 1 && (
          <nav className="mail-admin__pager" aria-label={t('mailAdmin.received')}>
            <button
              type="button"
              className="button button--small"
              disabled={page <= 1}
              onClick={() => go({ page: page - 1 })}
            >
              {t('mailAdmin.previous')}
            </button>
            <span>{t('mailAdmin.page', { page, pages })}</span>
            <button
              type="button"
              className="button button--small"
              disabled={page >= pages}
              onClick={() => go({ page: page + 1 })}
            >
              {t('mailAdmin.next')}
            </button>
          </nav>
        )}
      </section>
    </div>
  );
}

function MailTable(props: {
  mails: InboundMail[];
  onMessage: (m: string) => void;
  onError: (e: string) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const reprocess = useReprocessMail();
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">{t('mailAdmin.received')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('mailAdmin.when')}</th>
            <th scope="col">{t('mailAdmin.from')}</th>
            <th scope="col">{t('mailAdmin.subject')}</th>
            <th scope="col">{t('mailAdmin.result')}</th>
            <th scope="col">{t('mailAdmin.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {props.mails.map((m) => (
            <tr key={m.id} className={m.status === 'failed' ? 'mail-admin__row--failed' : undefined}>
              <td>{formatDate(m.received_at, language)}</td>
              <td>{m.from ?? '—'}</td>
              <th scope="row">{m.subject || t('mailAdmin.noSubject')}</th>
              <td>
                <strong>{t(`mailAdmin.statusName.${m.status}`)}</strong>
                {m.ticket_id !== null && (
                  <>
                    {' · '}
                    <Link to={`/agent/tickets/${m.ticket_id}`}>
                      {t('mailAdmin.ticket', { id: m.ticket_id })}
                    </Link>
                  </>
                )}
                {m.reason && <div className="mail-admin__reason">{m.reason}</div>}
                {m.automatic && (
                  <div className="field-hint">{t('mailAdmin.automatic', { reason: m.automatic })}</div>
                )}
              </td>
              <td className="sl-actions">
                <a
                  className="button button--secondary button--small"
                  href={rawMailHref(m.id)}
                  download
                  aria-label={t('mailAdmin.downloadNamed', { id: m.id })}
                >
                  {t('mailAdmin.download')}
                </a>
                {(m.status === 'failed' || m.status === 'ignored') && (
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    disabled={reprocess.isPending}
                    aria-label={t('mailAdmin.reprocessNamed', { id: m.id })}
                    onClick={() =>
                      reprocess.mutate(m.id, {
                        onSuccess: (after) =>
                          props.onMessage(
                            t('mailAdmin.reprocessed', {
                              id: m.id,
                              status: t(`mailAdmin.statusName.${after.status}`),
                            }),
                          ),
                        onError: (e) => props.onError(e.message),
                      })
                    }
                  >
                    {t('mailAdmin.reprocess')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
