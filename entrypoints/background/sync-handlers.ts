import type { Handlers } from '../../lib/messaging/server';
import type { SyncProtocol } from '../../lib/messaging/protocol-sync';

/** Handlers of the sync messages (lib/messaging/protocol-sync.ts). */
export function syncHandlers(): Pick<Handlers, keyof SyncProtocol> {
  return {};
}
