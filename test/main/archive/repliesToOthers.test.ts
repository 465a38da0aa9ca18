import { describe, expect, it } from 'vitest';
import { simulateMigration } from '../../../src-main/archive/simulateMigration';
import { xPost } from '../../support/posts';

describe('migration option: replies to other people', () => {
  const reply = xPost('1650000000000000300', 'good point!', { kind: 'reply', inReplyToId: '1650000000000000111', inReplyToAuthorId: '555', source: 'archive' });
  const own = xPost('1650000000000000200', 'my own post', { source: 'archive' });

  it('are skipped with a reason by default', () => {
    const plan = simulateMigration({ posts: [own, reply] });
    expect(plan.units.map((u) => u.sourceId)).toEqual([own.id]);
    expect(plan.skipped).toEqual([expect.objectContaining({ sourceId: reply.id, reason: 'reply_to_other' })]);
  });

  it('become posts of their own with a link to the answered post when asked', () => {
    const plan = simulateMigration({ posts: [own, reply], options: { repliesToOthers: 'link' } });
    const u = plan.units.find((x) => x.sourceId === reply.id)!;
    expect(u.role).toBe('post');
    expect(u.parentSourceId).toBeNull();
    expect(u.parts).toEqual(['good point!\n\n↩ https://x.com/i/status/1650000000000000111']);
    expect(plan.skipped).toEqual([]);
  });
});
