import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language, setLanguage, useLanguage } from '@/lib/i18n';
import './language-switch.css';

const NAMES: Record<Language, string> = { en: 'English', de: 'Deutsch' };

export function LanguageSwitch() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const id = useId();
  return (
    <div className="language-switch">
      <label htmlFor={id} className="visually-hidden">
        {t('common.language')}
      </label>
      <select id={id} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
