import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import {
  archives,
  captureUrl,
  folderNamed,
  folders,
  openLibrary,
  openPopup,
  shoot,
  waitFor,
} from './support/library-helpers';

/**
 * Folder flows in the real extension: create, rename, move (drag and drop and the "Move to…"
 * picker), delete (empty, move contents up, delete contents too), all through the UI, checked
 * against what the database holds afterwards.
 */
describe('library folders', () => {
  let ext: ExtensionBrowser;
  let site: FixtureSite;
  let page: Page;

  const tree = () => page.getByRole('tree', { name: 'Folders' });
  const item = (name: string) => tree().getByRole('treeitem', { name, exact: true });
  const row = (name: string) => item(name).locator(':scope > .tree-row');
  const parentNameOf = async (name: string) => {
    const all = await folders(page);
    const folder = all.find((f) => f.name === name);
    return folder?.parentId ? all.find((f) => f.id === folder.parentId)?.name : null;
  };
  const createFolder = async (name: string, under?: string) => {
    if (under) {
      await row(under).click();
      await page.getByRole('button', { name: 'New subfolder' }).click();
    } else {
      await page.getByRole('button', { name: 'New folder', exact: true }).click();
    }
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Folder name' }).fill(name);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await item(name).waitFor();
  };

  beforeAll(async () => {
    site = await startFixtureSite();
    ext = await launchWithExtension();
    page = await openLibrary(ext);
  });

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('starts with the default folder, "Personal Links", selected', async () => {
    await expect(item('Personal Links').getAttribute('aria-selected')).resolves.toBe('true');
    expect((await folders(page)).map((f) => f.name)).toEqual(['Personal Links']);
  });

  it('creates top-level folders and subfolders; a sibling name is refused with a clear message', async () => {
    await createFolder('Research');
    await createFolder('News', 'Personal Links');
    await createFolder('Science', 'News');
    expect(await parentNameOf('Research')).toBeNull();
    expect(await parentNameOf('News')).toBe('Personal Links');
    expect(await parentNameOf('Science')).toBe('News');
    await expect(item('Science').getAttribute('aria-level')).resolves.toBe('3');
    // The new folder is selected, so the next capture can go straight there.
    await expect(item('Science').getAttribute('aria-selected')).resolves.toBe('true');

    await row('Personal Links').click();
    await page.getByRole('button', { name: 'New subfolder' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Folder name' }).fill('news');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog.getByRole('alert').textContent()).resolves.toBe(
      'There is already a folder named “news” here.',
    );
    await expect(dialog.getByRole('textbox', { name: 'Folder name' }).inputValue()).resolves.toBe(
      'news',
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await folders(page)).filter((f) => f.name.toLowerCase() === 'news')).toHaveLength(1);
  });

  it('renames with F2 in the tree and with the Rename button, keyboard only', async () => {
    await item('Research').focus();
    // F2, and look where focus is before the next frame: keys typed at once must reach the
    // field (a plain effect focused it a frame late, and CI's keys went to the tree).
    const focusedAtOnce = await item('Research').evaluate(
      (el) =>
        new Promise<boolean>((resolve) => {
          el.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2', bubbles: true }));
          requestAnimationFrame(() =>
            resolve(document.activeElement?.classList.contains('rename-input') ?? false),
          );
        }),
    );
    expect(focusedAtOnce).toBe(true);
    const input = page.getByRole('textbox', { name: 'New name for “Research”' });
    await expect(input.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await input.fill('Studies');
    await page.keyboard.press('Enter');
    await item('Studies').waitFor();
    await waitFor(async () => (await folders(page)).some((f) => f.name === 'Studies'), 'rename');
    // Focus is back on the folder, so the keyboard user carries on from there.
    await expect(item('Studies').evaluate((el) => el === document.activeElement)).resolves.toBe(
      true,
    );

    await page.keyboard.press('Enter'); // select Studies
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('textbox', { name: 'New name for “Studies”' }).fill('Research');
    await page.keyboard.press('Enter');
    await item('Research').waitFor();
    expect((await folders(page)).map((f) => f.name).sort()).toEqual(
      ['News', 'Personal Links', 'Research', 'Science'].sort(),
    );
  });

  it('moves a folder by drag and drop, and never into its own subfolder', async () => {
    await row('News').dragTo(row('Research'));
    await waitFor(async () => (await parentNameOf('News')) === 'Research', 'News under Research');
    await expect(item('News').getAttribute('aria-level')).resolves.toBe('2');
    // Dragging Research onto its grandchild Science is refused: nothing changes.
    await row('Research').dragTo(row('Science'));
    await page.waitForTimeout(500);
    expect(await parentNameOf('Research')).toBeNull();
    expect(await parentNameOf('Science')).toBe('News');
  });

  it('moves a folder with the keyboard through the "Move to…" picker', async () => {
    await item('Research').focus();
    await page.keyboard.press('ArrowRight'); // open (already open: to the first child)
    await expect(item('News').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Move to…' }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Move the folder “News” to…' });
    // The folder itself and its descendants cannot be chosen; its current parent neither.
    for (const name of ['News', 'Science', 'Research']) {
      await expect(dialog.getByRole('radio', { name }).isDisabled()).resolves.toBe(true);
    }
    await dialog.getByRole('radio', { name: 'Personal Links' }).check();
    await dialog.getByRole('radio', { name: 'Personal Links' }).focus();
    await page.keyboard.press('Enter');
    await waitFor(async () => (await parentNameOf('News')) === 'Personal Links', 'News moved');
    expect(await parentNameOf('Science')).toBe('News');
  });

  it('deletes an empty folder after a confirmation', async () => {
    await createFolder('Scratch');
    await page.getByRole('button', { name: 'Delete', exact: true }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Delete the folder “Scratch”?' });
    await expect(dialog.textContent()).resolves.toContain('The folder is empty.');
    await dialog.getByRole('button', { name: 'Delete folder' }).click();
    await item('Scratch').waitFor({ state: 'detached' });
    expect((await folders(page)).some((f) => f.name === 'Scratch')).toBe(false);
  });

  it('a folder with contents: "move them up" keeps every archive; "delete them too" moves the tree to the Trash, where it is restored whole or emptied for good', async () => {
    const science = await folderNamed(page, 'Science');
    const news = await folderNamed(page, 'News');
    const a1 = await captureUrl(page, `${site.origin}/simple.html`, { folderId: science.id });
    const a2 = await captureUrl(page, `${site.origin}/simple.html?2`, { folderId: news.id });
    await expect(item('News').getAttribute('aria-describedby')).resolves.toBeTruthy();

    // Delete Science with the Delete key; its archive moves up to News.
    await item('Science').focus();
    await page.keyboard.press('Delete');
    let dialog = page.getByRole('dialog', { name: 'Delete the folder “Science”?' });
    await expect(dialog.textContent()).resolves.toContain('1 archive and 0 subfolders');
    await expect(
      dialog.getByRole('radio', { name: 'Move them up to “Personal Links / News”' }).isChecked(),
    ).resolves.toBe(true);
    await dialog.getByRole('button', { name: 'Delete folder' }).click();
    await waitFor(
      async () => (await archives(page)).find((a) => a.id === a1.id)?.folderId === news.id,
      'archive moved up to News',
    );
    expect((await folders(page)).some((f) => f.name === 'Science')).toBe(false);
    await waitFor(
      async () => (await row('News').locator('.folder-count').textContent()) === '2',
      'News to count 2 archives',
    );

    // A subfolder with an archive of its own, so the tree has nesting to restore.
    await createFolder('Deep', 'News');
    const deep = await folderNamed(page, 'Deep');
    const a3 = await captureUrl(page, `${site.origin}/simple.html?3`, { folderId: deep.id });
    const ours = [a1.id, a2.id, a3.id];
    const countRecords = () =>
      page.evaluate(
        (ids) =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('cairn');
            open.onsuccess = () => {
              const index = open.result
                .transaction('records')
                .objectStore('records')
                .index('archiveId');
              let total = 0;
              let left = ids.length;
              for (const id of ids) {
                const req = index.count(id);
                req.onsuccess = () => {
                  total += req.result;
                  if (--left === 0) resolve(total);
                };
              }
            };
          }),
        ours,
      );
    const recordsBefore = await countRecords();
    expect(recordsBefore).toBeGreaterThan(3);

    // Delete News and everything in it: it all goes to the Trash.
    await row('News').click();
    await page.getByRole('button', { name: 'Delete', exact: true }).first().click();
    dialog = page.getByRole('dialog', { name: 'Delete the folder “News”?' });
    await dialog
      .getByRole('radio', {
        name: 'Move its archives and subfolders to the Trash too (restorable for 30 days)',
      })
      .check();
    await dialog.getByRole('button', { name: 'Delete folder' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'The folder and 3 archives are in the Trash.' })
      .waitFor();
    await item('News').waitFor({ state: 'detached' });
    expect((await folders(page)).map((f) => f.name).sort()).toEqual(['Personal Links', 'Research']);
    expect(
      (await archives(page)).filter((a) => ours.includes(a.id)).every((a) => a.trashedAt),
    ).toBe(true);

    // The Trash lists the folder with what it holds; Restore brings all of it back.
    await page.getByRole('button', { name: 'Trash (1)' }).click();
    const trashView = page.getByRole('region', { name: 'Trash' });
    await expect(trashView.textContent()).resolves.toContain('3 archives, 1 subfolder');
    await shoot(page, 'library-trash-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shoot(page, 'library-trash-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await trashView.getByRole('button', { name: 'Restore “News”' }).click();
    await page.getByRole('status').filter({ hasText: 'Restored, with 3 archives.' }).waitFor();
    await item('News').waitFor();
    expect(await parentNameOf('News')).toBe('Personal Links');
    expect(await parentNameOf('Deep')).toBe('News');
    const back = (await archives(page)).filter((a) => ours.includes(a.id));
    expect(back.map((a) => [a.id, a.folderId, a.trashedAt]).sort()).toEqual(
      [
        [a1.id, news.id, undefined],
        [a2.id, news.id, undefined],
        [a3.id, deep.id, undefined],
      ].sort(),
    );
    expect(await countRecords()).toBe(recordsBefore);
    await waitFor(
      async () => (await row('News').locator('.folder-count').textContent()) === '2',
      'News to count its 2 archives again',
    );

    // Deleted again and the Trash emptied: every record is gone for good.
    await row('News').click();
    await page.getByRole('button', { name: 'Delete', exact: true }).first().click();
    dialog = page.getByRole('dialog', { name: 'Delete the folder “News”?' });
    await dialog.getByRole('radio', { name: /Trash too/ }).check();
    await dialog.getByRole('button', { name: 'Delete folder' }).click();
    await item('News').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Trash (1)' }).click();
    await page.getByRole('button', { name: 'Empty the Trash' }).click();
    await page
      .getByRole('dialog', { name: 'Empty the Trash?' })
      .getByRole('button', { name: 'Empty the Trash' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: 'The Trash was emptied: 3 archives deleted for good.' })
      .waitFor();
    await waitFor(async () => (await countRecords()) === 0, 'records purged');
    expect((await archives(page)).filter((a) => ours.includes(a.id))).toEqual([]);
    await expect(page.getByRole('region', { name: 'Trash' }).textContent()).resolves.toContain(
      'The Trash is empty.',
    );
    await page.getByRole('button', { name: 'Back to the folders' }).click();
  });

  it('the popup shows the same tree and can create folders too', async () => {
    const popup = await openPopup(ext);
    await popup.getByRole('treeitem', { name: 'Research', exact: true }).waitFor();
    await popup.getByRole('button', { name: 'New folder', exact: true }).click();
    await popup
      .getByRole('dialog')
      .getByRole('textbox', { name: 'Folder name' })
      .fill('From popup');
    await popup.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    // The library page updates live (liveQuery), without a reload.
    await item('From popup').waitFor();
    await popup.close();
  });
});
