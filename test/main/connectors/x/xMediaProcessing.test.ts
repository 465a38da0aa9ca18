import { describe, expect, it } from 'vitest';
import { createRemoteCaller } from '../../../../src-main/connectors/limits/createRemoteCaller';
import { RemoteError } from '../../../../src-main/connectors/limits/types';
import { XCookieJar } from '../../../../src-main/connectors/x/XCookieJar';
import { uploadMedia } from '../../../../src-main/connectors/x/xMedia';
import { silentLogger } from '../../../../src-main/util/logger';
import { ManualClock } from '../../../support/ManualClock';

/**
 * PLATFORM.md "Media": a video X cannot process must fail that post, and polling must end.
 * X's upload answers are scripted here in their documented shape (media_id_string, processing_info).
 */
function scriptedUpload(states: ('pending' | 'in_progress' | 'succeeded' | 'failed')[]) {
  let polls = 0;
  const fetchFn = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = init?.body;
    const command = url.searchParams.get('command') ?? (body instanceof URLSearchParams ? body.get('command') : body instanceof FormData ? body.get('command') : null);
    const json = (v: unknown) => new Response(JSON.stringify(v), { status: 200, headers: { 'content-type': 'application/json', 'x-rate-limit-remaining': '100' } });
    if (command === 'INIT') return json({ media_id_string: '777', media_id: 777 });
    if (command === 'APPEND') return new Response(null, { status: 204 });
    if (command === 'FINALIZE') return json({ media_id_string: '777', processing_info: { state: 'pending', check_after_secs: 5 } });
    const state = states[Math.min(polls++, states.length - 1)]!;
    return json({ media_id_string: '777', processing_info: state === 'failed' ? { state, error: { name: 'InvalidMedia', message: 'Video too long' } } : { state, check_after_secs: 5 } });
  }) as typeof fetch;
  return { fetchFn, polls: () => polls };
}

function deps(fetchFn: typeof fetch, clock: ManualClock) {
  const jar = XCookieJar.parse('auth_token=aaaaaaaaaaaaaaaa; ct0=bbbbbbbbbbbbbbbb');
  return { caller: createRemoteCaller({ clock, logger: silentLogger }), fetch: fetchFn, jar: () => jar };
}

describe('X video upload processing', () => {
  it('a video X fails to process is refused with X\'s reason, after a bounded number of polls', async () => {
    const clock = new ManualClock();
    const up = scriptedUpload(['in_progress', 'failed']);
    const err = await uploadMedia(deps(up.fetchFn, clock), clock, { data: new Uint8Array(1000), mimeType: 'video/mp4' }, {}).catch((e) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect((err as RemoteError).kind).toBe('rejected');
    expect((err as RemoteError).message).toMatch(/Video too long/);
    expect(up.polls()).toBe(2);
    expect(clock.sleeps).toEqual([5000, 5000]);
  });

  it('a job that never finishes stops polling (no endless loop) with a plain message', async () => {
    const clock = new ManualClock();
    const up = scriptedUpload(['pending']);
    const err = await uploadMedia(deps(up.fetchFn, clock), clock, { data: new Uint8Array(1000), mimeType: 'video/mp4' }, {}).catch((e) => e);
    expect((err as RemoteError).kind).toBe('timeout');
    expect((err as RemoteError).message).toMatch(/still processing/);
    expect(up.polls()).toBe(60);
  });

  it('a job that succeeds returns the media id', async () => {
    const clock = new ManualClock();
    const up = scriptedUpload(['in_progress', 'succeeded']);
    await expect(uploadMedia(deps(up.fetchFn, clock), clock, { data: new Uint8Array(1000), mimeType: 'video/mp4' }, {})).resolves.toBe('777');
  });
});
