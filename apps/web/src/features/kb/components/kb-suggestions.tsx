import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLanguage } from '@/lib/i18n';
import { useKbSuggestions } from '../api/search-kb';
import { answerPath } from '../paths';
import { Highlighted } from './highlighted';
import '../kb.css';

const DEBOUNCE_MS = 350;

/** Published answers matching what a person is typing (debounced), shown beside a form. */
export function KbSuggestions({ text, heading }: { text: string; heading: string }) {
  const { kbLocale } = useLanguage();
  const { t } = useTranslation();
  const [q, setQ] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const { data } = useKbSuggestions(kbLocale, q);
  const items = q.trim().length >= 3 ? (data?.items ?? []) : [];
  return (
    <div className="kb-suggestions" aria-live="polite">
      {items.length > 0 && (
        <section aria-label={t('kb.title')}>
          <p className="kb-suggestions__heading">{heading}</p>
          <ul>
            {items.map((r) => (
              <li key={r.answer_id}>
                <Link to={answerPath(kbLocale, r.answer_id)} target="_blank" rel="noopener">
                  <Highlighted html={r.title} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
