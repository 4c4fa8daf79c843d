import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, type LoaderFunctionArgs, useParams } from 'react-router';
import { kbCategoryQueryOptions, useKbCategory } from '@/features/kb/api/get-category';
import { CategoryCards } from '@/features/kb/components/category-cards';
import { KbBreadcrumb } from '@/features/kb/components/kb-breadcrumb';
import { OtherLanguage } from '@/features/kb/components/other-language';
import { useFollowLanguage } from '@/features/kb/hooks/use-follow-language';
import { useKbPaths } from '@/features/kb/paths';
import { idParam, kbLocaleParam } from '@/features/kb/route-params';

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
  const paths = useKbPaths();
  // A category exists in every language (titles fall back): follow a switch of the interface language.
  useFollowLanguage(locale, (wanted) => paths.category(wanted, category.id));
  return (
    <>
      <title>{`${category.title} · EOSC Helpdesk`}</title>
      <KbBreadcrumb locale={locale} path={category.path.slice(0, -1)} />
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
                <Link to={paths.answer(locale, a.id)} lang={a.locale.slice(0, 2)}>
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
