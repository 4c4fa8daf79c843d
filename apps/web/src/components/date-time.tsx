import { formatDate, useLanguage } from '@/lib/i18n';

/** A machine-readable `<time>` showing an ISO timestamp in the reader's language. */
export function DateTime({ value }: { value: string }) {
  const { language } = useLanguage();
  return <time dateTime={value}>{formatDate(value, language)}</time>;
}
