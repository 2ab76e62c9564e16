import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './server';

describe('isTrustedSender', () => {
  const id = 'abcdefghijklmnopabcdefghijklmnop';
  it.each([
    [{ id, url: `chrome-extension://${id}/popup.html` }, true],
    [{ id, url: `chrome-extension://${id}/library.html?x=1` }, true],
    [{ id, url: 'https://evil.test/' }, false],
    [{ id: 'otherextensionidotherextensionid', url: `chrome-extension://${id}/popup.html` }, false],
    [{ id, url: undefined }, false],
  ])('%o -> %s', (sender, expected) => {
    expect(isTrustedSender(sender as chrome.runtime.MessageSender, id)).toBe(expected);
  });
});
