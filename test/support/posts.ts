import type { Post } from '../../src-shared/domain/post';
import { emptyMetrics } from '../../src-shared/domain/post';

/** A plain X post for unit tests; override what the test is about. */
export function xPost(id: string, text: string, over: Partial<Post> = {}): Post {
  return {
    platform: 'x',
    id,
    authorId: '100',
    authorHandle: 'alice',
    text,
    createdAt: Date.UTC(2026, 0, 1) + Number(id) * 1000,
    kind: 'post',
    media: [],
    links: [],
    hashtags: [],
    mentions: [],
    metrics: emptyMetrics(),
    source: 'live',
    ...over,
  };
}
