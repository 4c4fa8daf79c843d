import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { KbSuggestions } from '@/features/kb/components/kb-suggestions';
import { NewTicketForm } from '@/features/tickets/components/new-ticket-form';

export function NewTicketPage() {
  const navigate = useNavigate();
  const { t } = useTranslation();

  return (
    <>
      <title>New ticket · EOSC Helpdesk</title>
      <p className="breadcrumb">
        <Link to="/">My tickets</Link>
      </p>
      <h1>New ticket</h1>
      <p className="lead">Describe your request; our support team will answer by e-mail and here.</p>
      <NewTicketForm
        onCreated={(ticket) => void navigate(`/tickets/${ticket.id}`)}
        titleHelp={(title) => <KbSuggestions text={title} heading={t('ticketForm.suggestions')} />}
      />
    </>
  );
}
