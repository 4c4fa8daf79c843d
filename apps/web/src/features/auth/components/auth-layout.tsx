import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '@/components/language-switch';
import { PageFrame } from '@/components/page-frame';
import '../auth.css';

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
    <PageFrame
      home="/help"
      account={<LanguageSwitch />}
      accountClass="auth-layout__account"
      mainClass="page page--narrow"
    >
      <title>{`${title} · ${t('common.brand')}`}</title>
      <div className="card">
        <h1>{title}</h1>
        {children}
      </div>
      {footer}
    </PageFrame>
  );
}
