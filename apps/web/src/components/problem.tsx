import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './ui-strings';
import './problem.css';

type ProblemProps = {
  title: string;
  children: ReactNode;
  requestId?: string | undefined;
};

/** A full-page explanation of why a page cannot be shown (not found, forbidden, failure). */
export function Problem({ title, children, requestId }: ProblemProps) {
  const { t } = useTranslation();
  return (
    <section className="problem" aria-labelledby="problem-title">
      <title>{t('ui.titleSuffix', { title })}</title>
      <h1 id="problem-title">{title}</h1>
      <div className="problem__body">{children}</div>
      {requestId && <p className="problem__detail">{t('ui.reference', { id: requestId })}</p>}
    </section>
  );
}
