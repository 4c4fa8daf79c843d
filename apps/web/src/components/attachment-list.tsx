import { useTranslation } from 'react-i18next';
import { languageOf } from '@/lib/i18n';
import { type ArticleAttachment, attachmentUrl, formatBytes, isPreviewable } from '@/lib/uploads';
import './editor-strings';
import './attachment-list.css';

/** A file badge: its extension (emoji fonts are not everywhere). */
function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  const ext = dot > 0 ? filename.slice(dot + 1) : '';
  return /^[a-z0-9]{1,5}$/i.test(ext) ? ext.toUpperCase() : 'FILE';
}

/**
 * An article's files: images as lazy thumbnails opening full size, other files as icon, name and
 * size with a download link. Everything goes through the BFF, which checks who may see what.
 */
export function AttachmentList({
  ticketId,
  articleId,
  attachments,
}: {
  ticketId: number;
  articleId: number;
  attachments: readonly ArticleAttachment[];
}) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments" aria-label={t('attachments.label')}>
      {attachments.map((a) => {
        const url = attachmentUrl(ticketId, articleId, a.id);
        const download = attachmentUrl(ticketId, articleId, a.id, true);
        const size = formatBytes(a.size, language);
        return (
          <li key={a.id} className="attachments__item">
            {isPreviewable(a.content_type) ? (
              <a
                className="attachments__preview"
                href={url}
                target="_blank"
                rel="noopener"
                aria-label={t('attachments.open', { name: a.filename })}
              >
                <img src={url} alt="" loading="lazy" decoding="async" width={160} height={120} />
              </a>
            ) : (
              <span className="attachments__icon" aria-hidden="true">
                {extensionOf(a.filename)}
              </span>
            )}
            <a
              className="attachments__name"
              href={download}
              download={a.filename}
              aria-label={t('attachments.download', { name: a.filename })}
            >
              {a.filename}
            </a>{' '}
            <span className="attachments__size">{size}</span>
          </li>
        );
      })}
    </ul>
  );
}
