import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentPicker } from '@/components/attachment-picker';
import { RichTextEditor, type RichTextEditorHandle } from '@/components/rich-text-editor';
import { isApiError } from '@/lib/api-error';
import { htmlToText } from '@/lib/html-to-text';
import { type EoscService, useServices } from '@/lib/services';
import type { TicketSummary } from '@/lib/tickets/types';
import { useCreateTicket } from '../api/create-ticket';
import '../compose-strings';
import { useKeptUploads } from '@/lib/use-kept-uploads';
import { suggestPriority, type UsersAffected } from '../triage';
import { useTicketDraft } from './use-ticket-draft';
import '../tickets.css';
import { ComposeFooter } from './compose-footer';
import { ServiceNotice } from './service-notice';

// The BFF's limit, repeated so the browser can stop the obvious mistake early.
const TITLE_MAX = 200;

type NewTicketFormProps = {
  onCreated: (ticket: TicketSummary) => void;
  /** Shown under the title while it is typed (the app plugs in knowledge-base suggestions). */
  titleHelp?: (title: string) => ReactNode;
  /**
   * Through a community's portal: only its services are offered, one must be chosen, and the
   * BFF checks it is the community's (issue 16, path 3).
   */
  community?: { slug: string; services: EoscService[] };
};

export function NewTicketForm({ onCreated, titleHelp, community }: NewTicketFormProps) {
  const { t } = useTranslation();
  const createTicket = useCreateTicket();
  const catalogue = useServices();
  const services = community ? { data: community.services } : catalogue;
  const { draft, update, clear, renewKey } = useTicketDraft();
  // A draft begun on another portal may name a service this community does not offer.
  const service = community && !community.services.some((s) => s.key === draft.service) ? '' : draft.service;
  const id = useId();
  const suggestion = suggestPriority(draft.type, draft.triage);
  const editor = useRef<RichTextEditorHandle>(null);
  const [uploading, setUploading] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const expired = useKeptUploads(draft.attachments, (gone) =>
    update((d) => ({ attachments: d.attachments.filter((a) => !gone.has(a.id)) })),
  );

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The disabled button already blocks a second click; this also blocks a second Enter.
    if (createTicket.isPending) return;
    if (uploading) {
      setProblem(t('compose.waitForUploads'));
      return;
    }
    if (!htmlToText(draft.body).trim()) {
      setProblem(t('compose.messageRequired'));
      editor.current?.focus();
      return;
    }
    setProblem(null);
    createTicket.mutate(
      {
        title: draft.title.trim(),
        body: draft.body,
        content_type: 'text/html',
        attachments: draft.attachments.map((a) => a.id),
        eosc_ticket_type: draft.type,
        priority: suggestion.priority,
        ...(service ? { eosc_service: service } : {}),
        ...(community ? { community: community.slug } : {}),
        idempotencyKey: draft.idempotencyKey,
      },
      {
        onSuccess: (ticket) => {
          clear();
          onCreated(ticket);
        },
        onError: (error) => {
          // Refused as such: the person will change the draft, which must then be a new write.
          // Network failures and timeouts keep the key, so the retry cannot write twice.
          if (isApiError(error) && error.status >= 400 && error.status < 500) renewKey();
        },
      },
    );
  }

  const errorId = `${id}-error`;
  const triage = draft.triage;
  const setTriage = (patch: Partial<typeof triage>) => update({ triage: { ...triage, ...patch } });
  return (
    <form
      className="form"
      onSubmit={handleSubmit}
      aria-describedby={createTicket.isError ? errorId : undefined}
    >
      {createTicket.isError && (
        <div id={errorId} role="alert" className="alert">
          {isApiError(createTicket.error) ? createTicket.error.message : t('ticketForm.failed')}
        </div>
      )}
      <fieldset className="field fieldset">
        <legend>{t('ticketForm.type')}</legend>
        {(['incident', 'service_request'] as const).map((type) => (
          <label key={type} className="choice">
            <input
              type="radio"
              name="type"
              value={type}
              checked={draft.type === type}
              onChange={() => update({ type })}
            />
            {t(type === 'incident' ? 'ticketForm.incident' : 'ticketForm.serviceRequest')}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-service`}>{t('ticketForm.service')}</label>
        <select
          id={`${id}-service`}
          name="service"
          value={service}
          onChange={(e) => update({ service: e.target.value })}
          aria-describedby={`${id}-service-notice`}
          required={community !== undefined}
        >
          <option value="">{t(community ? 'ticketForm.serviceChoose' : 'ticketForm.serviceNone')}</option>
          {(services.data ?? []).map((s) => (
            <option key={s.key} value={s.key}>
              {s.name} ({s.provider})
            </option>
          ))}
        </select>
        <ServiceNotice
          id={`${id}-service-notice`}
          service={(services.data ?? []).find((s) => s.key === service)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('ticketForm.title')}</label>
        <input
          id={`${id}-title`}
          name="title"
          type="text"
          maxLength={TITLE_MAX}
          required
          autoComplete="off"
          value={draft.title}
          onChange={(e) => update({ title: e.target.value })}
        />
        {titleHelp?.(draft.title)}
      </div>
      <div className="field">
        {/* A label cannot point at a contenteditable: the editor takes the same name itself. */}
        <span className="field__label" id={`${id}-body-label`}>
          {t('ticketForm.message')}
        </span>
        <RichTextEditor
          id={`${id}-body`}
          label={t('ticketForm.message')}
          placeholder={t('compose.messagePlaceholder')}
          value={draft.body}
          onChange={(html) => update({ body: html })}
          editorRef={editor}
          {...(problem ? { describedBy: `${id}-problem` } : {})}
        />
      </div>
      <div className="field">
        <span className="field__label">{t('attachments.label')}</span>
        {expired > 0 && (
          <p className="attach-notice" role="status">
            {t('compose.filesExpired', { count: expired })}
          </p>
        )}
        <AttachmentPicker
          value={draft.attachments}
          onChange={(attachments) => update({ attachments })}
          onBusyChange={setUploading}
        />
      </div>
      {draft.type === 'incident' && (
        <fieldset className="field fieldset">
          <legend>{t('ticketForm.triage')}</legend>
          <fieldset className="fieldset fieldset--inner">
            <legend>{t('ticketForm.users')}</legend>
            {(
              [
                ['one', 'ticketForm.usersOne'],
                ['five', 'ticketForm.usersFive'],
                ['fifty', 'ticketForm.usersFifty'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name="users"
                  value={value}
                  checked={triage.users === value}
                  onChange={() => setTriage({ users: value as UsersAffected })}
                />
                {t(label)}
              </label>
            ))}
          </fieldset>
          {(['degraded', 'interrupted', 'workaround', 'security'] as const).map((key) => (
            <label key={key} className="choice">
              <input
                type="checkbox"
                name={key}
                checked={triage[key]}
                onChange={(e) =>
                  setTriage(
                    key === 'security'
                      ? { security: e.target.checked, imminent: false }
                      : { [key]: e.target.checked },
                  )
                }
              />
              {t(`ticketForm.${key}`)}
            </label>
          ))}
          {triage.security && (
            <label className="choice choice--nested">
              <input
                type="checkbox"
                name="imminent"
                checked={triage.imminent}
                onChange={(e) => setTriage({ imminent: e.target.checked })}
              />
              {t('ticketForm.imminent')}
            </label>
          )}
        </fieldset>
      )}
      <p className="suggested-priority" aria-live="polite">
        <strong>
          {t('ticketForm.suggested', { priority: t(`ticketForm.priority.${suggestion.priority}`) })}
        </strong>
        {' — '}
        <span>{t(`ticketForm.reason.${suggestion.reason}`)}</span>
      </p>
      <ComposeFooter
        error={problem}
        errorId={`${id}-problem`}
        hint={t('ticketForm.draftKept')}
        busy={createTicket.isPending}
        submitLabel={t('ticketForm.submit')}
        busyLabel={t('ticketForm.sending')}
      />
    </form>
  );
}
