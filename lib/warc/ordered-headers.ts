import { HeadersMultiMap } from 'warcio';
import type { HeaderList } from '../capture/types';

/**
 * A warcio header map that serializes headers exactly in the order given, duplicates included.
 *
 * warcio's HeadersMultiMap groups repeated names under their first occurrence (so
 * `Set-Cookie, X, Set-Cookie` becomes `Set-Cookie, Set-Cookie, X`), treats differently cased
 * names as different keys, and splits any value containing its `,,,` join marker. Serialization
 * (StatusAndHeaders.toString) only iterates the map, so overriding the iterator is enough to
 * write the recorded headers verbatim. Map lookups (`get`, `has`) see the first value per
 * exact name only; nothing in serialization uses them.
 */
export class OrderedHeaders extends HeadersMultiMap {
  readonly #list: HeaderList;

  /** @param list headers in wire order; must already be clean (see http-headers.ts). */
  constructor(list: HeaderList) {
    super();
    this.#list = list.map(([name, value]) => [name, value]);
    for (const [name, value] of this.#list) {
      if (!this.has(name)) this.set(name, value);
    }
  }

  /** Yields every header in the original order. */
  override *[Symbol.iterator](): IterableIterator<[string, string]> {
    for (const [name, value] of this.#list) yield [name, value];
  }
}
