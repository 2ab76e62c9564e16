import { useEffect, useRef, useState } from 'preact/hooks';
import type { ArchiveRow } from '../lib/db/entities';
import { thumbnailOf } from '../lib/ui/thumbnail';

/**
 * The thumbnail of an archive's screenshot, loaded once the row comes near the visible part
 * of the list (a folder of thousands builds its rows, not their pictures). Decorative: the
 * title beside it names the archive and is the keyboard's way in; a click opens the archived
 * copy as the title does. An archive without a screenshot shows an empty frame.
 */
export function ArchiveThumbnail(props: {
  archive: Pick<ArchiveRow, 'id' | 'status'>;
  href: string;
}) {
  const ref = useRef<HTMLAnchorElement>(null);
  const [src, setSrc] = useState<string>();
  const { id, status } = props.archive;

  useEffect(() => {
    let cancelled = false;
    let objectUrl: string | undefined;
    const load = () =>
      thumbnailOf(props.archive)
        .then((blob) => {
          if (cancelled || !blob) return;
          objectUrl = URL.createObjectURL(blob);
          setSrc(objectUrl);
        })
        .catch((error: unknown) => console.warn('[cairn] no thumbnail', id, error));
    let observer: IntersectionObserver | undefined;
    if (typeof IntersectionObserver === 'undefined' || !ref.current) {
      void load();
    } else {
      observer = new IntersectionObserver(
        (entries) => {
          if (!entries.some((e) => e.isIntersecting)) return;
          observer?.disconnect();
          void load();
        },
        { rootMargin: '300px' },
      );
      observer.observe(ref.current);
    }
    return () => {
      cancelled = true;
      observer?.disconnect();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [id, status]);

  return (
    <a
      ref={ref}
      class="archive-thumb"
      href={props.href}
      target="_blank"
      rel="noopener"
      tabIndex={-1}
      aria-hidden="true"
    >
      {src && <img src={src} alt="" />}
    </a>
  );
}
