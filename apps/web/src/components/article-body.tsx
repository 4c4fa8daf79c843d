import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sanitizeArticle } from '@/lib/safe-html';
import type { Article } from '@/lib/tickets/types';
import { AttachmentList } from './attachment-list';
import './article-strings';
import './article-body.css';

type ArticleBodyProps = {
  article: Pick<Article, 'body' | 'content_type'> & Partial<Pick<Article, 'id' | 'attachments'>>;
  /** With the article's id and attachments: lists its files (previews, downloads). */
  ticketId?: number;
};

/**
 * An article's body: plain text as text; HTML sanitised (no scripts or handlers, links open in a
 * new tab without referrer) with remote images blocked until the reader asks for them, since
 * loading them would tell the sender the message was read. Then the article's files.
 */
export function ArticleBody({ article, ticketId }: ArticleBodyProps) {
  const { t } = useTranslation();
  const [showImages, setShowImages] = useState(false);
  const safe = useMemo(
    () => (article.content_type === 'text/html' ? sanitizeArticle(article.body, showImages) : null),
    [article.body, article.content_type, showImages],
  );
  return (
    <>
      {safe && safe.blocked > 0 && (
        <p className="article__images">
          {t('articleBody.blocked', { count: safe.blocked })}{' '}
          <button type="button" className="link-button" onClick={() => setShowImages(true)}>
            {t('articleBody.showImages')}
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
    </>
  );
}
