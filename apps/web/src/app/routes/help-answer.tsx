import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { type LoaderFunctionArgs, useParams } from 'react-router';
import { kbAnswerQueryOptions, useKbAnswer } from '@/features/kb/api/get-answer';
import { AnswerBody } from '@/features/kb/components/answer-body';
import { KbBreadcrumb } from '@/features/kb/components/kb-breadcrumb';
import { StillNeedHelp } from '@/features/kb/components/still-need-help';
import { useFollowLanguage } from '@/features/kb/hooks/use-follow-language';
import '@/features/kb/language-strings';
import { useKbPaths } from '@/features/kb/paths';
import { idParam, kbLocaleParam } from '@/features/kb/route-params';
import { formatDate, useLanguage } from '@/lib/i18n';
import '@/features/kb/kb.css';

export function helpAnswerLoader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    await queryClient.ensureQueryData(kbAnswerQueryOptions(kbLocaleParam(params.locale), idParam(params.id)));
    return null;
  };
}

export function HelpAnswerPage() {
  const { t } = useTranslation();
  const { language, kbLocale } = useLanguage();
  const params = useParams();
  const locale = kbLocaleParam(params.locale);
  const answer = useKbAnswer(locale, idParam(params.id));
  const paths = useKbPaths();
  // Follow a switch of the interface language to the answer's translation when there is one.
  useFollowLanguage(locale, (wanted) =>
    answer.translations.includes(wanted) ? paths.answer(wanted, answer.id) : null,
  );
  return (
    <>
      <title>{`${answer.title} · EOSC Helpdesk`}</title>
      <KbBreadcrumb locale={locale} path={answer.category_path} />
      {answer.content_locale !== kbLocale && (
        <p className="kb-answer__language" role="note">
          {t('kbLanguage.notAvailable', {
            wanted: t(`kbLanguage.name.${kbLocale}`),
            shown: t(`kbLanguage.name.${answer.content_locale}`),
          })}
        </p>
      )}
      <article className="kb-answer" lang={answer.content_locale.slice(0, 2)}>
        <h1>{answer.title}</h1>
        <p className="kb-answer__meta">
          {t('kb.updated', { date: formatDate(answer.updated_at, language) })}
        </p>
        <AnswerBody html={answer.body} />
        {answer.attachments.length > 0 && (
          <section aria-labelledby="kb-attachments">
            <h2 id="kb-attachments">{t('kb.attachments')}</h2>
            <ul>
              {answer.attachments.map((a) => (
                <li key={a.id}>{a.filename}</li>
              ))}
            </ul>
          </section>
        )}
      </article>
      <StillNeedHelp />
    </>
  );
}
