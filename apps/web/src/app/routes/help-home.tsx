import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { kbHomeQueryOptions, useKbHome } from '@/features/kb/api/get-kb-home';
import { CategoryCards } from '@/features/kb/components/category-cards';
import { KbSearchForm } from '@/features/kb/components/kb-search-form';
import { StillNeedHelp } from '@/features/kb/components/still-need-help';
import { currentKbLocale } from '@/features/kb/route-params';
import { useLanguage } from '@/lib/i18n';

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
