/**
 * Is the OS keyring reachable for the keytar tests? Under scripts/test.sh the tests run inside a
 * private D-Bus session with an unlocked gnome-keyring and CHIRP_REQUIRE_KEYRING=1, so an unreachable
 * keyring there is a failure, not a skip. Elsewhere (no D-Bus session) the tests are skipped with a
 * message that says exactly why.
 */
export interface KeyringAvailability {
  available: boolean;
  /** True when CHIRP_REQUIRE_KEYRING=1: the tests must run (and fail if the keyring is unreachable). */
  required: boolean;
  /** Why it is unavailable ('' when available). */
  reason: string;
}

const PROBE_TIMEOUT_MS = 10_000;

export async function keyringAvailability(env: NodeJS.ProcessEnv = process.env): Promise<KeyringAvailability> {
  const required = env.CHIRP_REQUIRE_KEYRING === '1';
  if (!env.DBUS_SESSION_BUS_ADDRESS) {
    return {
      available: false,
      required,
      reason:
        'No D-Bus session (DBUS_SESSION_BUS_ADDRESS is unset), so the OS keyring cannot be reached. Run the tests through scripts/test.sh, or inside `dbus-run-session` with an unlocked gnome-keyring-daemon (ENVIRONMENT.md).',
    };
  }
  try {
    const mod = (await import('keytar')) as unknown as { default?: typeof import('keytar') } & typeof import('keytar');
    const keytar = mod.default ?? mod;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
    });
    await Promise.race([keytar.getPassword('ChirpSyncer-test-probe', 'probe'), timeout]).finally(() => clearTimeout(timer));
    return { available: true, required, reason: '' };
  } catch (e) {
    return { available: false, required, reason: `A D-Bus session exists but the keyring did not answer: ${e instanceof Error ? e.message : String(e)}. Start gnome-keyring-daemon --unlock --components=secrets in that session.` };
  }
}

/** Title suffix for a describe block: names the reason when the block is skipped. */
export function keyringSuiteTitle(title: string, ring: KeyringAvailability): string {
  return ring.available || ring.required ? title : `${title} — SKIPPED: ${ring.reason}`;
}
