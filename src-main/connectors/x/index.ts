/** The X connector's public surface (the GraphQL parser lives in ./parse). */
export { XConnector, type XConnectorDeps, type XCredentials, type XSessionState } from './XConnector';
export type { ListOwnPostsOptions, ListOwnPostsResult } from './xTimeline';
export type { XDraft } from './xPublish';
export { DEFAULT_QUERY_IDS, type XOperation } from './xEndpoints';
