/**
 * A ready-made X account for integration tests: a 4-part self-thread, a reply to someone else, a
 * retweet, a quote of an own post and of someone else's, two images with alt text, a GIF, a t.co
 * link with `&`, an @mention, #hashtags, emoji/ZWJ/CJK and `<>&`, a note tweet, a pinned post, plus
 * `fillers` plain posts so the timeline spans several pages.
 */
import type { XSandbox } from './XSandbox';
import type { Generation, PostView } from './state';

export interface ShowcaseIds {
  thread: [string, string, string, string];
  replyToOther: string;
  otherPost: string;
  retweet: string;
  quoteOwn: string;
  quoteOther: string;
  images: string;
  gif: string;
  link: string;
  mention: string;
  hashtags: string;
  unicode: string;
  note: string;
  fillers: string[];
}

export const SHOWCASE_TEXT = {
  link: 'Read https://example.com/article?id=1&x=2 now & then',
  unicode: '家族 👩‍👩‍👧 party 🎉 with <tags> & "quotes" — ünïcödé',
  note: `${'This is a long note tweet sentence that keeps going. '.repeat(8)}The end.`,
  hashtags: 'Loving #ChirpSyncer and #sync today',
};

export function seedShowcaseAccount(sb: XSandbox, screenName: string, opts: { generation?: Generation; fillers?: number; start?: number; otherScreenName?: string } = {}): ShowcaseIds {
  sb.addAccount({ screenName, name: `${screenName} (showcase)`, password: `pw-${screenName}`, generation: opts.generation });
  const otherName = opts.otherScreenName ?? `${screenName.slice(0, 9)}_pal`;
  if (!sb.state.byScreenName(otherName)) sb.addAccount({ screenName: otherName, name: 'A Pal', password: `pw-${otherName}` });
  let t = opts.start ?? Date.UTC(2026, 0, 1, 9, 0, 0);
  const at = () => (t += 60_000);
  const post = (input: Parameters<XSandbox['seedPost']>[1]): PostView => sb.seedPost(screenName, { ...input, createdAt: at() });
  const otherPost = sb.seedPost(otherName, { text: 'A post by someone else', createdAt: at() }).id;
  const fillers: string[] = [];
  for (let i = 0; i < (opts.fillers ?? 25); i++) fillers.push(post({ text: `Filler post number ${i + 1}` }).id);
  const t1 = post({ text: 'Thread about syncing 1/4 🧵' }).id;
  const t2 = post({ text: 'Second part 2/4', replyTo: t1 }).id;
  const t3 = post({ text: 'Third part 3/4', replyTo: t2 }).id;
  const t4 = post({ text: 'Last part 4/4', replyTo: t3 }).id;
  return {
    thread: [t1, t2, t3, t4],
    otherPost,
    replyToOther: post({ text: 'Thanks for this!', replyTo: otherPost }).id,
    retweet: post({ retweetOf: otherPost }).id,
    quoteOwn: post({ text: 'Quoting my own thread', quoteOf: t1 }).id,
    quoteOther: post({ text: 'Look at this one', quoteOf: otherPost }).id,
    images: post({ text: 'Two pictures', media: [{ alt: 'A cat on a mat' }, { alt: 'A dog on a log', width: 800, height: 600 }] }).id,
    gif: post({ text: 'A GIF', media: [{ type: 'animated_gif', alt: 'Dancing dots', width: 320, height: 180 }] }).id,
    link: post({ text: SHOWCASE_TEXT.link }).id,
    mention: post({ text: `Hey @${otherName}, see you soon` }).id,
    hashtags: post({ text: SHOWCASE_TEXT.hashtags, pinned: true }).id,
    unicode: post({ text: SHOWCASE_TEXT.unicode }).id,
    note: post({ text: SHOWCASE_TEXT.note }).id,
    fillers,
  };
}
