import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Problem } from '@/components/problem';
import '../app-strings';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Problem title={t('routeError.notFound')}>
      <p>{t('routeError.pageNotFoundText')}</p>
      <p>
        <Link to="/">{t('routeError.back')}</Link>
      </p>
    </Problem>
  );
}
