import { useTranslation } from 'react-i18next';
import type { KbLocale } from '@/lib/i18n';
import '../language-strings';

/** "(German)" after a title written in another language than the reader's. */
export function OtherLanguage({ locale, reader }: { locale: KbLocale; reader: KbLocale }) {
  const { t } = useTranslation();
  if (locale === reader) return null;
  return (
    <span className="kb-language">
      {' '}
      {t('kbLanguage.marker', { language: t(`kbLanguage.name.${locale}`) })}
    </span>
  );
}
