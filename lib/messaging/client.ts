import { browser } from 'wxt/browser';
import { CairnError } from '../errors';
import type { Envelope, MessageData, MessageName, MessageReply, ReplyEnvelope } from './protocol';

/**
 * Sends a message to the background and returns its reply; a handler's error comes back as
 * a rejected CairnError with the handler's code and message.
 */
export async function sendMessage<K extends MessageName>(
  name: K,
  data: MessageData<K>,
): Promise<MessageReply<K>> {
  const envelope: Envelope<K> = { cairn: 1, name, data };
  const reply = (await browser.runtime.sendMessage(envelope)) as ReplyEnvelope<K> | undefined;
  if (!reply) throw new CairnError('no-reply', `Cairn's background did not answer "${name}".`);
  if (!reply.ok) throw new CairnError(reply.error.code, reply.error.message);
  return reply.result;
}
