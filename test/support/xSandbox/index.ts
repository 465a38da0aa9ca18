export { XSandbox, ORIGINAL_HOST_HEADER, X_HOSTS, type XSandboxOptions, type SeedPostInput, type LoggedRequest } from './XSandbox';
export type { FaultKind, FaultSpec } from './faults';
export type { AccountInput, Generation, MediaType, PostView, SandboxAccount } from './state';
export { totp } from './ids';

import { XSandbox, type XSandboxOptions } from './XSandbox';

export function startXSandbox(opts: XSandboxOptions = {}): Promise<XSandbox> {
  return XSandbox.start(opts);
}
