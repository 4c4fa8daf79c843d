import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';

/** The frame of the public account pages (sign in, sign up, password reset): brand, language, one card. */
export function AuthLayout({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common.skip')}
      </a>
      <header className="banner">
        <div className="banner__inner">
          <Link to="/help" className="brand">
            {t('common.brand')}
          </Link>
          <div className="account auth-layout__account">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="page page--narrow">
        <title>{`${title} · ${t('common.brand')}`}</title>
        <div className="card">
          <h1>{title}</h1>
          {children}
        </div>
        {footer}
      </main>
    </div>
  );
}
