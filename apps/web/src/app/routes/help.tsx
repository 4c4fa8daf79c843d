import type { QueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  data,
  isRouteErrorResponse,
  Link,
  type LoaderFunctionArgs,
  Outlet,
  useLocation,
  useNavigate,
  useParams,
  useRouteError,
  useSearchParams,
} from 'react-router';
import { LanguageSwitch } from '@/components/language-switch';
import { Problem } from '@/components/problem';
import { Status } from '@/components/status';
import { kbAnswerQueryOptions, useKbAnswer } from '@/features/kb/api/get-answer';
import { kbCategoryQueryOptions, useKbCategory } from '@/features/kb/api/get-category';
import { kbHomeQueryOptions, useKbHome } from '@/features/kb/api/get-kb-home';
import { kbSearchQueryOptions, useKbSearch } from '@/features/kb/api/search-kb';
import type { KbCategorySummary } from '@/features/kb/api/types';
import { AnswerBody } from '@/features/kb/components/answer-body';
import { Highlighted } from '@/features/kb/components/highlighted';
import { KbSearchForm } from '@/features/kb/components/kb-search-form';
import { sessionQueryOptions, useSession } from '@/lib/session';
import '@/features/kb/language-strings';
import { answerPath, categoryPath } from '@/features/kb/paths';
import { isApiError } from '@/lib/api-error';
import {
  formatDate,
  formatNumber,
  i18next,
  KB_LOCALE,
  type KbLocale,
  languageOf,
  useLanguage,
} from '@/lib/i18n';

const KB_LOCALES: readonly string[] = Object.values(KB_LOCALE);

function currentKbLocale(): KbLocale {
  return KB_LOCALE[languageOf(i18next.language)];
}

function kbLocaleParam(value: string | undefined): KbLocale {
  if (!value || !KB_LOCALES.includes(value)) throw data('Unknown language', { status: 404 });
  return value as KbLocale;
}

function idParam(value: string | undefined): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw data('Not found', { status: 404 });
  return id;
}

/** The public frame of the help center: works signed in or not. */
export function helpShellLoader(queryClient: QueryClient) {
  return async () => {
    await queryClient.ensureQueryData(sessionQueryOptions());
    return null;
  };
}

export function HelpShell() {
  const { t } = useTranslation();
  const user = useSession();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const lastPath = useRef(location.pathname);
  useEffect(() => {
    if (lastPath.current === location.pathname) return;
    lastPath.current = location.pathname;
    mainRef.current?.focus();
  }, [location.pathname]);

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
          <nav aria-label="Main" className="nav">
            <Link to="/help">{t('common.help')}</Link>
            {user && <Link to="/">{t('common.myTickets')}</Link>}
          </nav>
          <div className="account">
            <LanguageSwitch />
            {!user && (
              <Link className="button button--secondary" to="/login">
                {t('common.signIn')}
              </Link>
            )}
          </div>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className="page">
        <Suspense fallback={<Status tone="loading">{t('common.loading')}</Status>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

export function HelpError() {
  const { t } = useTranslation();
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : isApiError(error) ? error.status : undefined;
  return (
    <Problem title={status === 404 ? 'Not found' : 'Something went wrong'}>
      <p>
        {status === 404
          ? t('kb.notFound')
          : isApiError(error)
            ? error.message
            : 'The page could not be shown.'}
      </p>
      <p>
        <Link to="/help">{t('kb.title')}</Link>
      </p>
    </Problem>
  );
}

function CategoryCards({ items, locale }: { items: KbCategorySummary[]; locale: KbLocale }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  return (
    <ul className="kb-categories">
      {items.map((c) => (
        <li key={c.id} className="kb-category">
          <Link to={categoryPath(locale, c.id)} className="kb-category__title">
            {c.title}
          </Link>
          <span className="kb-category__count">
            {t('kb.answerCount', {
              count: c.answer_count,
              formatted: formatNumber(c.answer_count, language),
            })}
          </span>
        </li>
      ))}
    </ul>
  );
}

function StillNeedHelp() {
  const { t } = useTranslation();
  return (
    <aside className="kb-cta" aria-label={t('kb.stillNeedHelp')}>
      <p>{t('kb.stillNeedHelp')}</p>
      <Link className="button" to="/tickets/new">
        {t('kb.openTicket')}
      </Link>
    </aside>
  );
}

export function helpHomeLoader(queryClient: QueryClient) {
  return async () => {
    await queryClient.ensureQueryData(kbHomeQueryOptions(currentKbLocale()));
    return null;
  };
}

export function HelpHomePage() {
  const { t } = useTranslation();
  const { kbLocale } = useLanguage();
  const home = useKbHome(kbLocale);
  return (
    <>
      <title>{`${home.title} · EOSC Helpdesk`}</title>
      <h1>{home.title}</h1>
      <p className="lead">{t('kb.lead')}</p>
      <KbSearchForm />
      <section aria-labelledby="kb-topics">
        <h2 id="kb-topics">{t('kb.categories')}</h2>
        <CategoryCards items={home.categories} locale={kbLocale} />
      </section>
      <StillNeedHelp />
    </>
  );
}

export function helpSearchLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const q = new URL(request.url).searchParams.get('q')?.trim() ?? '';
    if (q) await queryClient.ensureQueryData(kbSearchQueryOptions(currentKbLocale(), q));
    return null;
  };
}

function SearchResults({ q }: { q: string }) {
  const { t } = useTranslation();
  const { kbLocale, language } = useLanguage();
  const { items } = useKbSearch(kbLocale, q);
  if (items.length === 0) return <p>{t('kb.noResults', { q })}</p>;
  return (
    <>
      <p role="status">
        {t('kb.resultsCount', { count: items.length, formatted: formatNumber(items.length, language) })}
      </p>
      <ol className="kb-results">
        {items.map((r) => (
          <li key={r.answer_id} className="kb-result">
            <Link
              to={answerPath(r.locale, r.answer_id)}
              className="kb-result__title"
              lang={r.locale.slice(0, 2)}
            >
              <Highlighted html={r.title} />
            </Link>
            <OtherLanguage locale={r.locale} reader={kbLocale} />
            <span className="kb-result__category">{r.category_title}</span>
            <Highlighted as="p" html={r.snippet} />
          </li>
        ))}
      </ol>
    </>
  );
}

export function HelpSearchPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  return (
    <>
      <title>{`${q ? t('kb.resultsTitle', { q }) : t('kb.title')} · EOSC Helpdesk`}</title>
      <p className="breadcrumb">
        <Link to="/help">{t('kb.title')}</Link>
      </p>
      <h1>{q ? t('kb.resultsTitle', { q }) : t('kb.searchLabel')}</h1>
      <KbSearchForm key={q} defaultValue={q} />
      {q && (
        <Suspense fallback={<Status tone="loading">{t('common.loading')}</Status>}>
          <SearchResults q={q} />
        </Suspense>
      )}
      <StillNeedHelp />
    </>
  );
}

function Breadcrumb({ locale, path }: { locale: KbLocale; path: { id: number; title: string }[] }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('kb.breadcrumb')} className="breadcrumb">
      <ol className="kb-breadcrumb">
        <li>
          <Link to="/help">{t('kb.title')}</Link>
        </li>
        {path.map((p) => (
          <li key={p.id}>
            <Link to={categoryPath(locale, p.id)}>{p.title}</Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/**
 * When the reader switches the interface language on a page of one locale, go to the same page
 * in the new locale if `target` names one (null: stay, the page says what it shows instead).
 * Only a switch counts: a link to another locale's page opens as it is.
 */
function useFollowLanguage(locale: KbLocale, target: (wanted: KbLocale) => string | null) {
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

/** "(German)" after a title written in another language than the reader's. */
function OtherLanguage({ locale, reader }: { locale: KbLocale; reader: KbLocale }) {
  const { t } = useTranslation();
  if (locale === reader) return null;
  return (
    <span className="kb-language">
      {' '}
      {t('kbLanguage.marker', { language: t(`kbLanguage.name.${locale}`) })}
    </span>
  );
}

export function helpCategoryLoader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    await queryClient.ensureQueryData(
      kbCategoryQueryOptions(kbLocaleParam(params.locale), idParam(params.id)),
    );
    return null;
  };
}

export function HelpCategoryPage() {
  const { t } = useTranslation();
  const params = useParams();
  const locale = kbLocaleParam(params.locale);
  const category = useKbCategory(locale, idParam(params.id));
  // A category exists in every language (titles fall back): follow a switch of the interface language.
  useFollowLanguage(locale, (wanted) => categoryPath(wanted, category.id));
  return (
    <>
      <title>{`${category.title} · EOSC Helpdesk`}</title>
      <Breadcrumb locale={locale} path={category.path.slice(0, -1)} />
      <h1 lang={locale.slice(0, 2)}>{category.title}</h1>
      {category.children.length > 0 && (
        <section aria-labelledby="kb-sub">
          <h2 id="kb-sub">{t('kb.subcategories')}</h2>
          <CategoryCards items={category.children} locale={locale} />
        </section>
      )}
      <section aria-labelledby="kb-articles">
        <h2 id="kb-articles">{t('kb.articles')}</h2>
        {category.answers.length === 0 ? (
          <p>{t('kb.noArticles')}</p>
        ) : (
          <ul className="kb-answers" lang={locale.slice(0, 2)}>
            {category.answers.map((a) => (
              <li key={a.id}>
                <Link to={answerPath(locale, a.id)} lang={a.locale.slice(0, 2)}>
                  {a.title}
                </Link>
                <OtherLanguage locale={a.locale} reader={locale} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function helpAnswerLoader(queryClient: QueryClient) {
  return async ({ params }: LoaderFunctionArgs) => {
    await queryClient.ensureQueryData(kbAnswerQueryOptions(kbLocaleParam(params.locale), idParam(params.id)));
    return null;
  };
}

export function HelpAnswerPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const params = useParams();
  const locale = kbLocaleParam(params.locale);
  const answer = useKbAnswer(locale, idParam(params.id));
  const { kbLocale } = useLanguage();
  // Follow a switch of the interface language to the answer's translation when there is one.
  useFollowLanguage(locale, (wanted) =>
    answer.translations.includes(wanted) ? answerPath(wanted, answer.id) : null,
  );
  return (
    <>
      <title>{`${answer.title} · EOSC Helpdesk`}</title>
      <Breadcrumb locale={locale} path={answer.category_path} />
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
