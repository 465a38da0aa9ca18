/**
 * Our parser for X's web GraphQL JSON (agent-twitter-client cannot read the current shapes; see
 * X-WEB-API.md). Pure functions over untrusted JSON: no I/O, no clock, no logger. Every function
 * that takes a whole response checks `errors[]` first and throws RemoteError (limits/types.ts):
 * kind by X error code, 'api_changed' for shapes it does not understand.
 */
export type { XGeneration, XUser, TimelinePage, XTimelinePage, ParseTimelineOptions } from './types';
export { parseTimeline, parseTweetDetail } from './timeline';
export { parseUser, readUser, userGeneration } from './user';
export { parseTweetResult, unwrapTweet } from './tweet';
export { parseCreateTweet } from './create';
export { assertNoGraphqlErrors, graphqlErrors, type XGraphqlError } from './errors';
export { parseXDate } from './json';
