import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import '../strings';
import '../service-levels.css';
import '@/components/agent-controls.css';

type AdminFrameProps = {
  page: 'units' | 'calendars' | 'slas' | 'jobs' | 'services';
  /** The last thing done, announced politely. */
  message: string;
  /** A failure outside a form (a delete, a run). */
  error: string;
  children: ReactNode;
};

/** The frame of a service-level admin page: title, way back, heading, intro, announcements. */
export function AdminFrame({ page, message, error, children }: AdminFrameProps) {
  const { t } = useTranslation();
  return (
    <div className="sl-admin">
      <title>{t(`sl.${page}.pageTitle`)}</title>
      <p className="breadcrumb">
        <Link to="/agent">{t('sl.back')}</Link>
      </p>
      <h1>{t(`sl.${page}.heading`)}</h1>
      <p>{t(`sl.${page}.intro`)}</p>
      <output aria-live="polite" className="sl-admin__message">
        {message}
      </output>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** One field's error, tied to its control by id. */
export function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p id={id} className="form-error">
      {text}
    </p>
  ) : null;
}

/** The ARIA wiring of a control with an optional hint and error. */
export function describedBy(errorId: string, error: string | undefined, hintId?: string) {
  const ids = [hintId, error ? errorId : undefined].filter(Boolean).join(' ');
  return { 'aria-describedby': ids || undefined, 'aria-invalid': error ? true : undefined };
}
