import { sanitizeSnippet } from './safe-html';
import '../kb.css';

/** Text from the search whose matches are marked with `<em>` (sanitised to exactly that). */
export function Highlighted({ html, as: Tag = 'span' }: { html: string; as?: 'span' | 'p' }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised to <em> only just above.
  return <Tag className="highlighted" dangerouslySetInnerHTML={{ __html: sanitizeSnippet(html) }} />;
}
