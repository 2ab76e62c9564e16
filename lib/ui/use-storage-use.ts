import { useCallback, useEffect, useState } from 'preact/hooks';
import {
  readStorageUse,
  requestPersistentStorage,
  type StorageUse,
} from '../platform/storage-estimate';

/**
 * The extension's storage use, re-read every `refreshMs` and whenever `changeKey` changes
 * (e.g. the library's archive count), so a delete shows the space it freed.
 */
export function useStorageUse(
  changeKey: unknown,
  refreshMs = 10_000,
): { use?: StorageUse; persist(): Promise<void>; persistRefused: boolean } {
  const [use, setUse] = useState<StorageUse>();
  /** The browser said no to the last request to keep Cairn's data. */
  const [persistRefused, setPersistRefused] = useState(false);
  const refresh = useCallback(() => {
    readStorageUse().then(setUse, (error) => console.error('[cairn] storage estimate', error));
  }, []);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, refreshMs);
    return () => clearInterval(timer);
  }, [changeKey]);
  const persist = useCallback(async () => {
    setPersistRefused(!(await requestPersistentStorage()));
    refresh();
  }, []);
  return { use, persist, persistRefused };
}
