import type { Handlers } from '../../lib/messaging/server';
import type { LibraryProtocol } from '../../lib/messaging/protocol-library';

/** Handlers of the library messages (lib/messaging/protocol-library.ts). */
export function libraryHandlers(): Pick<Handlers, keyof LibraryProtocol> {
  return {};
}
