import { formatDateTime } from '@/lib/format';

/** A machine-readable `<time>` showing an ISO timestamp in the reader's locale. */
export function DateTime({ value }: { value: string }) {
  return <time dateTime={value}>{formatDateTime(value)}</time>;
}
