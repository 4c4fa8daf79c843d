import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { KbLocale } from '@/lib/i18n';
import { useKbPaths } from '../paths';
import '../kb.css';

/** The help center, then the categories above the page. */
export function KbBreadcrumb({ locale, path }: { locale: KbLocale; path: { id: number; title: string }[] }) {
  const { t } = useTranslation();
  const paths = useKbPaths();
  return (
    <nav aria-label={t('kb.breadcrumb')} className="breadcrumb">
      <ol className="kb-breadcrumb">
        <li>
          <Link to={paths.home}>{t('kb.title')}</Link>
        </li>
        {path.map((p) => (
          <li key={p.id}>
            <Link to={paths.category(locale, p.id)}>{p.title}</Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
