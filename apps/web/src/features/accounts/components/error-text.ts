import type { TFunction } from 'i18next';
import { isApiError } from '@/lib/api-error';

const KNOWN = ['weak_password', 'email_taken', 'invalid_token', 'rate_limited', 'network_error'];

/** A failed account call as a sentence in the reader's language. */
export function accountErrorText(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('accounts.errors.generic', { message: String(error) });
  if (KNOWN.includes(error.code)) return t(`accounts.errors.${error.code}`);
  if (error.code === 'invalid_input') return t('accounts.errors.invalid_input', { message: error.message });
  return t('accounts.errors.generic', { message: error.message });
}
