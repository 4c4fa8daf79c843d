import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router';
import { type KbLocale, useLanguage } from '@/lib/i18n';

/**
 * When the reader switches the interface language on a page of one locale, go to the same page
 * in the new locale if `target` names one (null: stay, the page says what it shows instead).
 * Only a switch counts: a link to another locale's page opens as it is.
 */
export function useFollowLanguage(locale: KbLocale, target: (wanted: KbLocale) => string | null) {
  const { kbLocale } = useLanguage();
  const navigate = useNavigate();
  const seen = useRef(kbLocale);
  useEffect(() => {
    if (seen.current === kbLocale) return;
    seen.current = kbLocale;
    if (kbLocale === locale) return;
    const to = target(kbLocale);
    if (to) void navigate(to, { replace: true });
  });
}
