import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AttachmentList } from '@/components/attachment-list';
import type { Article } from '@/features/tickets/api/types';
import '../composer-strings';
import { sanitizeArticle } from '@/lib/safe-html';

type ArticleHtmlProps = {
  article: Pick<Article, 'body' | 'content_type'> &
    Partial<Pick<Article, 'id' | 'attachments' | 'from' | 'author'>>;
  /** With the article's id and attachments: lists its files (previews, downloads). */
  ticketId?: number;
  /** Offers "Reply with quote" for this article. */
  onQuote?: () => void;
};

/**
 * An article's body (plain text as text, HTML sanitised, remote images behind a click), its
 * attachments and, for the composer, a "Reply with quote" action.
 */
export function ArticleHtml({ article, ticketId, onQuote }: ArticleHtmlProps) {
  const { t } = useTranslation();
  const [showImages, setShowImages] = useState(false);
  const safe = useMemo(
    () => (article.content_type === 'text/html' ? sanitizeArticle(article.body, showImages) : null),
    [article.body, article.content_type, showImages],
  );
  const name = article.author?.name ?? article.from ?? '';
  return (
    <>
      {safe && safe.blocked > 0 && (
        <p className="article__images">
          {t('articleView.blocked', { count: safe.blocked })}{' '}
          <button type="button" className="link-button" onClick={() => setShowImages(true)}>
            {t('articleView.showImages')}
          </button>
        </p>
      )}
      {safe ? (
        // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify in sanitizeArticle
        <div className="article__body article__body--html" dangerouslySetInnerHTML={{ __html: safe.html }} />
      ) : (
        <div className="article__body">{article.body}</div>
      )}
      {ticketId !== undefined && article.id !== undefined && article.attachments && (
        <AttachmentList ticketId={ticketId} articleId={article.id} attachments={article.attachments} />
      )}
      {onQuote && (
        <p className="article__actions">
          <button
            type="button"
            className="link-button"
            aria-label={t('composer.quoteOf', { name })}
            onClick={onQuote}
          >
            {t('composer.replyWithQuote')}
          </button>
        </p>
      )}
    </>
  );
}
