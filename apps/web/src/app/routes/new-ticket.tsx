import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { KbSuggestions } from '@/features/kb/components/kb-suggestions';
import { NewTicketForm } from '@/features/tickets/components/new-ticket-form';
import '@/features/tickets/new-ticket-strings';

export function NewTicketPage() {
  const navigate = useNavigate();
  const { t } = useTranslation();

  return (
    <>
      <title>{t('newTicketPage.docTitle')}</title>
      <p className="breadcrumb">
        <Link to="/">{t('newTicketPage.back')}</Link>
      </p>
      <h1>{t('newTicketPage.title')}</h1>
      <p className="lead">{t('newTicketPage.lead')}</p>
      <NewTicketForm
        onCreated={(ticket) => void navigate(`/tickets/${ticket.id}`)}
        titleHelp={(title) => <KbSuggestions text={title} heading={t('ticketForm.suggestions')} />}
      />
    </>
  );
}
