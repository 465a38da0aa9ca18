import { describe, expect, it } from 'vitest';
import { graphemeLength } from '../../../src-shared/text/graphemes';
import { planSync, type PlanInput } from '../../../src-main/sync/planSync';
import { xPost } from '../../support/posts';

const settings: PlanInput['settings'] = {
  splitPolicy: 'split',
  mentionMappings: {},
  backdate: false,
  syncReplies: false,
  syncReposts: false,
  optOutMarker: '#nosync',
  quoteOthersAs: 'link',
  syncSince: null,
};

function plan(candidates: PlanInput['candidates'], over: Partial<PlanInput> = {}) {
  return planSync({
    direction: 'x-to-bsky',
    candidates,
    linkedSources: new Set(),
    engineCopies: new Set(),
    targetPosts: [],
    ownAuthorId: '100',
    settings,
    now: Date.UTC(2026, 0, 2),
    ...over,
  });
}

describe('planSync: threads (PLATFORM.md "Threads")', () => {
  it('a self-thread given newest-first is planned oldest-first with each part pointing at its parent', () => {
    const thread = [
      xPost('4', 'four', { inReplyToId: '3', inReplyToAuthorId: '100' }),
      xPost('3', 'three', { inReplyToId: '2', inReplyToAuthorId: '100' }),
      xPost('2', 'two', { inReplyToId: '1', inReplyToAuthorId: '100' }),
      xPost('1', 'one'),
    ];
    const p = plan(thread);
    expect(p.units.map((u) => u.source.id)).toEqual(['1', '2', '3', '4']);
    expect(p.units.map((u) => u.threadParentId)).toEqual([null, '1', '2', '3']);
    expect(p.skipped).toEqual([]);
  });

  it('continuations are not mistaken for replies to other people; replies to others are skipped with a reason', () => {
    const p = plan([
      xPost('1', 'root'),
      xPost('2', 'more', { inReplyToId: '1', inReplyToAuthorId: '100' }),
      xPost('3', 'hey you', { kind: 'reply', inReplyToId: '99', inReplyToAuthorId: '555' }),
    ]);
    expect(p.units.map((u) => u.source.id)).toEqual(['1', '2']);
    expect(p.skipped).toEqual([expect.objectContaining({ reason: 'reply-to-others' })]);
  });

  it('continues a thread whose earlier part was synced in an earlier run', () => {
    const p = plan([xPost('5', 'later part', { inReplyToId: '4', inReplyToAuthorId: '100' })], { linkedSources: new Set(['4']) });
    expect(p.units[0]!.threadParentId).toBe('4');
  });

  it('an over-long post becomes several filled parts of one unit (a reply chain), not separate posts', () => {
    const long = Array.from({ length: 90 }, (_, i) => `word${i}`).join(' ') + '. ' + 'Second sentence here. '.repeat(20);
    const p = plan([xPost('1', long)]);
    expect(p.units).toHaveLength(1);
    const parts = p.units[0]!.parts;
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(graphemeLength(part.text)).toBeLessThanOrEqual(300);
    expect(parts.slice(0, -1).every((part) => graphemeLength(part.text) > 200)).toBe(true);
  });
});

describe('planSync: what is skipped and why', () => {
  it('skips reposts, the opt-out marker and engine-made copies (no loops)', () => {
    const p = plan(
      [xPost('1', 'RT @bob: hi', { kind: 'repost', repostOfId: '9' }), xPost('2', 'private #nosync'), xPost('3', 'copy we made'), xPost('4', '#nosyncing is a word')],
      { engineCopies: new Set(['3']) },
    );
    expect(p.skipped.map((s) => [s.source.id, s.reason])).toEqual([
      ['1', 'repost'],
      ['2', 'opt-out-marker'],
      ['3', 'made-by-engine'],
    ]);
    expect(p.units.map((u) => u.source.id)).toEqual(['4']);
  });

  it('skips a post whose normalised text already exists on the target around the same time (second loop guard)', () => {
    const src = xPost('1', 'Hello world https://t.co/abc');
    const p = plan([src], { targetPosts: [{ text: 'hello   WORLD https://example.com/page', createdAt: src.createdAt + 60_000 }] });
    expect(p.skipped[0]?.reason).toBe('fingerprint-match');
  });

  it('a quote of an own synced post becomes a native quote; a quote of someone else a link', () => {
    const own = plan([xPost('2', 'see this', { quoteOfId: '1', quoteOfAuthorId: '100' })], { linkedSources: new Set(['1']) });
    expect(own.units[0]!.parts[0]!.quoteSourceId).toBe('1');
    expect(own.units[0]!.parts[0]!.text).toBe('see this');
    const other = plan([xPost('3', 'lol', { quoteOfId: '77', quoteOfAuthorId: '555', quoteOfUrl: 'https://x.com/bob/status/77' })]);
    expect(other.units[0]!.parts[0]!.quoteSourceId).toBeUndefined();
    expect(other.units[0]!.parts[0]!.text).toBe('lol\n\nhttps://x.com/bob/status/77');
  });

  it('quotes of other people are not copied when quoteOthersAs is skip; own quotes still are', () => {
    const p = plan([xPost('2', 'own', { quoteOfId: '1', quoteOfAuthorId: '100' }), xPost('3', 'theirs', { quoteOfId: '77', quoteOfAuthorId: '555' })], { linkedSources: new Set(['1']), settings: { ...settings, quoteOthersAs: 'skip' } });
    expect(p.units.map((u) => u.source.id)).toEqual(['2']);
    expect(p.skipped.map((x) => [x.source.id, x.reason])).toEqual([['3', 'quote-of-others']]);
  });

  it('posts before the sync start date are left to archive import', () => {
    const p = plan([xPost('1', 'old')], { settings: { ...settings, syncSince: Date.UTC(2027, 0, 1) } });
    expect(p.skipped[0]?.reason).toBe('before-sync-start');
  });
});
