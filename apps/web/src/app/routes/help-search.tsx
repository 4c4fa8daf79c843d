import type { QueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, type LoaderFunctionArgs, useSearchParams } from 'react-router';
import { Status } from '@/components/status';
import { kbSearchQueryOptions } from '@/features/kb/api/search-kb';
import { KbSearchForm } from '@/features/kb/components/kb-search-form';
import { SearchResults } from '@/features/kb/components/search-results';
import { StillNeedHelp } from '@/features/kb/components/still-need-help';
import { currentKbLocale } from '@/features/kb/route-params';

export function helpSearchLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    const q = new URL(request.url).searchParams.get('q')?.trim() ?? '';
    if (q) await queryClient.ensureQueryData(kbSearchQueryOptions(currentKbLocale(), q));
    return null;
  };
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
