import { browser } from 'wxt/browser';

/** Shows a desktop notification (used where no popup is open, e.g. link captures). */
export async function notify(id: string, title: string, message: string): Promise<void> {
  // Notifications can be disabled by the user or the OS; the archive row keeps the result.
  await show(id, { title, message });
}

/** A notification that asks: one button per answer (Chrome shows at most two). */
export async function ask(
  id: string,
  title: string,
  message: string,
  buttons: [string, string],
): Promise<void> {
  // Notifications can be disabled: then the question is not asked, and nothing is done.
  await show(id, {
    title,
    message,
    buttons: buttons.map((b) => ({ title: b })),
    requireInteraction: true,
  });
}

/** Creates a notification with Cairn's icon; a refusal (notifications off) is not an error. */
async function show(
  id: string,
  options: {
    title: string;
    message: string;
    buttons?: Array<{ title: string }>;
    requireInteraction?: boolean;
  },
): Promise<void> {
  try {
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      ...options,
    });
  } catch {
    // See the callers: each says what a missing notification means.
  }
}

/** Calls `handler` with a notification's id and the index of the button the user chose. */
export function onNotificationButton(handler: (id: string, index: number) => void): void {
  browser.notifications.onButtonClicked.addListener((id, index) => {
    handler(id, index);
    void browser.notifications.clear(id);
  });
}

/** Calls `handler` with the id of a notification the user clicked, then clears it. */
export function onNotificationClicked(handler: (id: string) => void): void {
  browser.notifications.onClicked.addListener((id) => {
    handler(id);
    void browser.notifications.clear(id);
  });
}
