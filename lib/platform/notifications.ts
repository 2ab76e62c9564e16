import { browser } from 'wxt/browser';

/** Shows a desktop notification (used where no popup is open, e.g. link captures). */
export async function notify(id: string, title: string, message: string): Promise<void> {
  try {
    await browser.notifications.create(id, {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icon/128.png'),
      title,
      message,
    });
  } catch {
    // Notifications can be disabled by the user or the OS; the archive row keeps the result.
  }
}

/** Calls `handler` with the id of a notification the user clicked, then clears it. */
export function onNotificationClicked(handler: (id: string) => void): void {
  browser.notifications.onClicked.addListener((id) => {
    handler(id);
    void browser.notifications.clear(id);
  });
}
