import { useMemo } from 'react';
import { sanitizeAnswer } from './safe-html';
import '../kb.css';

export function AnswerBody({ html }: { html: string }) {
  const safe = useMemo(() => sanitizeAnswer(html), [html]);
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by DOMPurify just above.
  return <div className="kb-answer__body" dangerouslySetInnerHTML={{ __html: safe }} />;
}
