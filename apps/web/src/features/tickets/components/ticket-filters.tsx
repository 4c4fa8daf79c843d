import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STATE_FILTERS, type TicketListFilters, ticketListHref } from '../api/get-tickets';
import '../ticket-strings';
import '../tickets.css';

const SEARCH_DELAY_MS = 350;

type TicketFiltersProps = {
  filters: TicketListFilters;
  /** Runs the search `q` (from the first page); `refine` when a search was already shown. */
  onSearch: (q: string, refine: boolean) => void;
};

/**
 * The state filter (links, so each filter has its own address) and the search box, which
 * searches as the person types (after a short pause) or on Enter.
 */
export function TicketFilters({ filters, onSearch }: TicketFiltersProps) {
  const { t } = useTranslation();
  const searchId = useId();
  const [text, setText] = useState(filters.q);
  // The last query sent: typing waits for a pause; Back or a link changes the URL and the box follows.
  const sent = useRef(filters.q);
  const search = useRef(onSearch);
  search.current = onSearch;
  // The pending search of a pause in typing: Enter or a link must cancel it, or it would run
  // the typed words again after the person moved on (seen as a flaky test on a busy machine).
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (filters.q === sent.current) return;
    clearTimeout(pending.current);
    sent.current = filters.q;
    setText(filters.q);
  }, [filters.q]);

  useEffect(() => {
    const q = text.trim();
    if (q === sent.current) return;
    pending.current = setTimeout(() => {
      const refine = sent.current !== '';
      sent.current = q;
      search.current(q, refine);
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(pending.current);
  }, [text]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    clearTimeout(pending.current);
    const q = text.trim();
    if (q === sent.current) return;
    const refine = sent.current !== '';
    sent.current = q;
    onSearch(q, refine);
  };

  return (
    <div className="my-tickets__filters">
      <nav aria-label={t('myTickets.stateLabel')} className="my-tickets__states">
        {STATE_FILTERS.map((state) => (
          <Link
            key={state}
            to={ticketListHref({ ...filters, state, page: 1 })}
            aria-current={filters.state === state ? 'page' : undefined}
            className="my-tickets__state"
          >
            {t(`myTickets.state.${state}`)}
          </Link>
        ))}
      </nav>
      {/* biome-ignore lint/a11y/useSemanticElements: the same landmark as <search>, which jsdom (and older browsers) do not know. */}
      <form className="my-tickets__search" role="search" onSubmit={submit}>
        <label htmlFor={searchId} className="visually-hidden">
          {t('myTickets.searchLabel')}
        </label>
        <input
          id={searchId}
          type="search"
          value={text}
          maxLength={500}
          placeholder={t('myTickets.searchPlaceholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button button--secondary">
          {t('myTickets.searchButton')}
        </button>
      </form>
    </div>
  );
}
