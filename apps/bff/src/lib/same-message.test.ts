import { describe, expect, it } from 'vitest';
import { sameMessage } from './ticket-queries.ts';

describe('sameMessage (recovering a reply after a timeout)', () => {
  it('matches plain text exactly and HTML by its text after the helpdesk sanitised it', () => {
    expect(sameMessage('Thanks!\n', 'Thanks!')).toBe(true);
    expect(
      sameMessage(
        '<p>Ask <a data-mention-user-id="2" href="#user/profile/2" rel="nofollow noreferrer noopener">@Ada Admin</a></p>',
        '<p>Ask <a data-mention-user-id="2" href="#user/profile/2">@Ada Admin</a></p>',
      ),
    ).toBe(true);
    expect(sameMessage('<p>Thanks</p>', '<p>Thanks a lot</p>')).toBe(false);
  });
});
