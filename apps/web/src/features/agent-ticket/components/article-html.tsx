import { useMemo, useState } from 'react';
import type { Article } from '@/features/tickets/api/types';
import { sanitizeArticle } from './safe-html';

/** An article's body: plain text as text, HTML sanitised, remote images behind a click. */
export function ArticleHtml({ article }: { article: Pick<Article, 'body' | 'content_type'> }) {
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
          {safe.blocked} remote image{safe.blocked === 1 ? '' : 's'} blocked.{' '}
          <button type="button" className="link-button" onClick={() => setShowImages(true)}>
            Show images
          </button>
        </p>
      )}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify in sanitizeArticle */}
      <div className="article__body article__body--html" dangerouslySetInnerHTML={{ __html: safe.html }} />
    </>
  );
}
