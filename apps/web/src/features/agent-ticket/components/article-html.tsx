import { useTranslation } from 'react-i18next';
import { ArticleBody } from '@/components/article-body';
import type { Article } from '@/lib/tickets/types';
import '../composer-strings';
import '../agent-ticket.css';

type ArticleHtmlProps = {
  article: Pick<Article, 'body' | 'content_type'> &
    Partial<Pick<Article, 'id' | 'attachments' | 'from' | 'author'>>;
  /** With the article's id and attachments: lists its files (previews, downloads). */
  ticketId?: number;
  /** Offers "Reply with quote" for this article. */
  onQuote?: () => void;
};

/** An article's body and files (the shared ArticleBody) and, for the composer, "Reply with quote". */
export function ArticleHtml({ article, ticketId, onQuote }: ArticleHtmlProps) {
  const { t } = useTranslation();
  const name = article.author?.name ?? article.from ?? '';
  return (
    <>
      <ArticleBody article={article} {...(ticketId === undefined ? {} : { ticketId })} />
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
