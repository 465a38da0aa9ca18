/**
 * atproto identifier syntax (handles, DIDs, AT-URIs, record keys, TIDs, NSIDs, datetimes,
 * languages, URIs, CIDs), wrapping `@atproto/syntax` and tightening it where it is more lenient
 * than the interop test suite (atproto-interop-tests/syntax), which the specs defer to.
 */
import * as syntax from '@atproto/syntax';
import { AppError, ErrorCode } from '../errors';

export function isValidHandle(input: unknown): input is string {
  return syntax.isValidHandle(input);
}
export function isValidDid(input: unknown): input is string {
  return syntax.isValidDid(input);
}
/** Strict AT-URI syntax (`isAtUriString`; the older `ensureValidAtUri` accepts trailing slashes). */
export function isValidAtUri(input: unknown): input is string {
  return syntax.isAtUriString(input);
}
export function isValidRecordKey(input: unknown): input is string {
  return syntax.isValidRecordKey(input);
}
export function isValidTid(input: unknown): input is string {
  return syntax.isValidTid(input);
}
export function isValidNsid(input: unknown): input is string {
  return syntax.isValidNsid(input);
}
/** RFC 3339 datetime as atproto restricts it; also rejects impossible dates (month 13, hour 25). */
export function isValidDatetime(input: unknown): input is string {
  return syntax.isValidDatetime(input);
}
export function isValidAtIdentifier(input: unknown): input is string {
  return syntax.isValidAtIdentifier(input);
}

/**
 * BCP 47 language tag: well-formed (library regex) and parseable per RFC 5646 — the parser refuses
 * a repeated variant or extension singleton (§2.2.5, §2.2.6) — with a lower-case 2–3 letter primary
 * language, as the interop suite requires (`JA`, `jaja` are rejected), or a grandfathered /
 * private-use tag (`i-default`, `x-…`).
 */
export function isValidLanguage(input: unknown): input is string {
  if (typeof input !== 'string' || !syntax.isValidLanguage(input)) return false;
  const tag = syntax.parseLanguageString(input);
  if (!tag) return false;
  if (tag.language !== undefined) return /^[a-z]{2,3}$/.test(tag.language);
  return Boolean(tag.grandfathered || tag.privateUse);
}

/** Lexicon `uri` format: a scheme, a colon, visible ASCII only, at most 8 KiB. */
const URI = /^[a-z][a-z.-]{0,80}:[!-~]+$/;
export function isValidUri(input: unknown): input is string {
  // @atproto/syntax isValidUri rejects schemes like `content-type:` that the interop suite accepts.
  return typeof input === 'string' && input.length <= 8192 && URI.test(input);
}

/**
 * Lexicon `cid` string syntax: 8–256 of [A-Za-z0-9+=], and not a legacy CIDv0 (`Qm…`, 46 chars),
 * which atproto does not accept. This is a syntax check, as the interop suite defines it: it does
 * not decode the multibase (multiformats' decoder rejects some of the suite's valid lines).
 */
export function isValidCid(input: unknown): input is string {
  if (typeof input !== 'string' || !/^[a-zA-Z0-9+=]{8,256}$/.test(input)) return false;
  return !(input.startsWith('Qm') && input.length === 46);
}

export type BskyIdentifier = { kind: 'handle'; value: string } | { kind: 'did'; value: string };

const PROFILE_URL = /^https?:\/\/(?:www\.)?bsky\.app\/profile\/([^/?#\s]+)\/?$/i;

/**
 * A Bluesky account as a person types it: trims, accepts one leading `@` (people copy handles with
 * it) and a bsky.app profile URL, lower-cases handles (custom domains included). DIDs are kept as
 * typed (they are case-sensitive). Throws AppError(InvalidInput) with a readable message.
 */
export function normalizeBskyIdentifier(input: unknown): BskyIdentifier {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new AppError(
      ErrorCode.InvalidInput,
      'Enter a Bluesky handle such as alice.bsky.social (or your own domain), or a DID such as did:plc:abc123.',
      { field: 'identifier' },
    );
  }
  let s = input.trim();
  s = PROFILE_URL.exec(s)?.[1] ?? s;
  if (s.startsWith('@')) s = s.slice(1);
  if (s.toLowerCase().startsWith('did:')) {
    if (isValidDid(s)) return { kind: 'did', value: s };
    throw new AppError(
      ErrorCode.InvalidInput,
      `"${input.trim()}" is not a valid DID. A DID looks like did:plc:abc123 or did:web:example.com.`,
      { field: 'identifier' },
    );
  }
  const handle = s.toLowerCase();
  if (isValidHandle(handle) && handle !== syntax.INVALID_HANDLE) return { kind: 'handle', value: handle };
  const hint = /^[a-z0-9-]+$/i.test(handle) ? ` Did you mean ${handle}.bsky.social?` : '';
  throw new AppError(
    ErrorCode.InvalidInput,
    `"${input.trim()}" is not a valid Bluesky handle. A handle is a domain name such as alice.bsky.social or alice.com (letters, digits and hyphens, separated by dots).${hint}`,
    { field: 'identifier' },
  );
}
