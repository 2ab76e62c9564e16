import { browser } from 'wxt/browser';
import { CairnError, errorMessage } from '../errors';
import type { Envelope, MessageData, MessageName, MessageReply, ReplyEnvelope } from './protocol';

/** Handlers for every message of the protocol (the compiler checks none is missing). */
export type Handlers = {
  [K in MessageName]: (data: MessageData<K>) => Promise<MessageReply<K>>;
};

/**
 * Whether a message comes from one of Cairn's own pages. Web pages cannot reach us
 * (no externally_connectable), and we ship no content script, so anything else is refused.
 */
export function isTrustedSender(
  sender: chrome.runtime.MessageSender,
  extensionId: string,
): boolean {
  if (sender.id !== extensionId) return false;
  const origin = `chrome-extension://${extensionId}/`;
  return typeof sender.url === 'string' && sender.url.startsWith(origin);
}

/**
 * Registers the background's message handlers. Must be called synchronously at worker
 * start so no message that woke the worker is missed.
 */
export function registerHandlers(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    const envelope = message as Partial<Envelope>;
    if (envelope?.cairn !== 1 || typeof envelope.name !== 'string') return false;
    if (!isTrustedSender(sender, browser.runtime.id)) {
      sendResponse({ ok: false, error: { code: 'untrusted-sender', message: 'Refused.' } });
      return false;
    }
    const handler = handlers[envelope.name as MessageName] as
      ((data: unknown) => Promise<unknown>) | undefined;
    if (!handler) {
      sendResponse({
        ok: false,
        error: { code: 'unknown-message', message: `Unknown message "${envelope.name}".` },
      });
      return false;
    }
    handler(envelope.data)
      .then((result) => sendResponse({ ok: true, result: result as never } satisfies ReplyEnvelope))
      .catch((error: unknown) =>
        sendResponse({
          ok: false,
          error: {
            code: error instanceof CairnError ? error.code : 'internal',
            message: errorMessage(error),
          },
        } satisfies ReplyEnvelope),
      );
    return true; // the reply is sent asynchronously
  });
}

export type { MessageData, MessageReply };
