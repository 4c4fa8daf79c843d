import { useMemo } from 'react';
import { htmlToText } from '@/lib/html-to-text';
import type { Article } from '../api/types';

/**
 * An article's body as plain text. HTML bodies are reduced to their text until a sanitiser
 * is chosen; nothing here is ever injected as markup.
 */
export function ArticleBody({ article }: { article: Pick<Article, 'body' | 'content_type'> }) {
  const text = useMemo(
    () => (article.content_type === 'text/html' ? htmlToText(article.body) : article.body),
    [article.body, article.content_type],
  );
  return <div className="article__body">{text}</div>;
}
