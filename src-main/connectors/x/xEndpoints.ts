/**
 * Every X web endpoint the connector calls, in one table, because GraphQL query ids rotate without
 * notice (a stale id answers 404 → RemoteError 'stale_endpoint'; X-WEB-API.md "DeleteTweet").
 * Read ids are the ones of the corpus capture (__meta.json); CreateTweet / CreateNoteTweet are the
 * ones agent-twitter-client 0.0.18 uses; DeleteTweet is X web's. Override per install with
 * `new XConnector({ queryIds })`.
 */
export type XOperation = 'UserTweets' | 'UserTweetsAndReplies' | 'TweetDetail' | 'UserByScreenName' | 'CreateTweet' | 'CreateNoteTweet' | 'DeleteTweet';

export const DEFAULT_QUERY_IDS: Record<XOperation, string> = {
  UserTweets: 'eoJ5zbv51Z_KVl81v9PmLQ',
  UserTweetsAndReplies: 'wc5DRl4VaW5lSqJ8YbftZQ',
  TweetDetail: '559hs_YZNV4IgA3Z6zIIuw',
  UserByScreenName: 'Gb-d6r0vxPOADdG62OEBpQ',
  CreateTweet: 'a1p9RWpkYKBjWv_I3WzS-A',
  CreateNoteTweet: '0aWhJJmFlxkxv9TAUJPanA',
  DeleteTweet: 'VaenaVgh5q5ih7kvyVjgtg',
};

/**
 * The public bearer token of X's client apps (shipped in their JavaScript, not a secret). The same one
 * agent-twitter-client logs in and posts with, so a session it created is used with the bearer it
 * was created under; browser-captured cookies work with it too.
 */
export const WEB_BEARER = 'AAAAAAAAAAAAAAAAAAAAAFQODgEAAAAAVHTp76lzh3rFzcHbmHVvQxYYpTw%3DckAlMINMjmCwxUcaXbAN4XqJVdgMJaHqNOFgPMK0zN1qLqLQCF';

export const X_GRAPHQL_BASE = 'https://x.com/i/api/graphql';
export const X_API_BASE = 'https://api.x.com/1.1';
export const X_UPLOAD_URL = 'https://upload.x.com/1.1/media/upload.json';
export const X_MEDIA_METADATA_URL = 'https://upload.x.com/1.1/media/metadata/create.json';

/** Feature switches X web sends with timeline reads (a missing required one answers 400). */
export const READ_FEATURES: Record<string, boolean> = {
  rweb_video_screen_enabled: false,
  profile_label_improvements_pcf_label_in_post_enabled: true,
  responsive_web_profile_redirect_enabled: false,
  rweb_tipjar_consumption_enabled: true,
  verified_phone_label_enabled: false,
  creator_subscriptions_tweet_preview_api_enabled: true,
  responsive_web_graphql_timeline_navigation_enabled: true,
  responsive_web_graphql_skip_user_profile_image_extensions_enabled: false,
  premium_content_api_read_enabled: false,
  communities_web_enable_tweet_community_results_fetch: true,
  c9s_tweet_anatomy_moderator_badge_enabled: true,
  articles_preview_enabled: true,
  responsive_web_edit_tweet_api_enabled: true,
  graphql_is_translatable_rweb_tweet_is_translatable_enabled: true,
  view_counts_everywhere_api_enabled: true,
  longform_notetweets_consumption_enabled: true,
  responsive_web_twitter_article_tweet_consumption_enabled: true,
  tweet_awards_web_tipping_enabled: false,
  freedom_of_speech_not_reach_fetch_enabled: true,
  standardized_nudges_misinfo: true,
  tweet_with_visibility_results_prefer_gql_limited_actions_policy_enabled: true,
  longform_notetweets_rich_text_read_enabled: true,
  longform_notetweets_inline_media_enabled: true,
  responsive_web_enhance_cards_enabled: false,
};

/** CreateTweet / CreateNoteTweet features (as agent-twitter-client sends them, plus note creation). */
export const WRITE_FEATURES: Record<string, boolean> = {
  ...READ_FEATURES,
  interactive_text_enabled: true,
  longform_notetweets_creation_enabled: true,
  responsive_web_text_conversations_enabled: false,
  vibe_api_enabled: false,
};

export function graphqlUrl(queryId: string, op: string, params?: { variables: unknown; features?: unknown; fieldToggles?: unknown }): string {
  const base = `${X_GRAPHQL_BASE}/${encodeURIComponent(queryId)}/${op}`;
  if (!params) return base;
  const q = new URLSearchParams({ variables: JSON.stringify(params.variables) });
  if (params.features) q.set('features', JSON.stringify(params.features));
  if (params.fieldToggles) q.set('fieldToggles', JSON.stringify(params.fieldToggles));
  return `${base}?${q.toString()}`;
}
