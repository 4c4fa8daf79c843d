import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sanitizeArticle } from '@/lib/safe-html';
import type { Article } from '../api/types';
import '../article-strings';

/**
 * An article's body: plain text as text; HTML sanitised (the agent view's sanitiser: no scripts
 * or handlers, links open in a new tab without referrer) with remote images blocked until the
 * reader asks for them, since loading them would tell the sender the message was read.
 */
export function ArticleBody({ article }: { article: Pick<Article, 'body' | 'content_type'> }) {
  const { t } = useTranslation();
  const [showImages, setShowImages] = useState(false);
  const safe = useMemo(
    () => (article.content_type === 'text/html' ? sanitizeArticle(article.body, showImages) : null),
    [article.body, article.content_type, showImages],
  );
  if (!safe) return <div className="article__body">{article.body}</div>;
  return (
    <>
      {safe.blocked > 0 && (
        <p className="article__images">
          {t('portalArticle.blocked', { count: safe.blocked })}{' '}
          <button type="button" className="link-button" onClick={() => setShowImages(true)}>
            {t('portalArticle.showImages')}
          </button>
        </p>
      )}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify in sanitizeArticle */}
      <div className="article__body article__body--html" dangerouslySetInnerHTML={{ __html: safe.html }} />
    </>
  );
}
