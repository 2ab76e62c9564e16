import messages from '../public/_locales/en/messages.json';

/** Keys of Cairn's user-visible messages (_locales/en/messages.json is the source). */
export type MessageKey = keyof typeof messages;

/**
 * A user-visible string from the extension's i18n messages. Falls back to the bundled English
 * text where chrome.i18n is unavailable (unit tests), so no component hard-codes text.
 */
export function t(key: MessageKey, substitutions?: Array<string | number>): string {
  const subs = substitutions?.map(String);
  // Messages never change while a page lives, and chrome.i18n.getMessage is a native call that
  // took a visible share of rendering hundreds of folders and archives: remember answers.
  const cacheKey = subs ? `${key}\u0000${subs.join('\u0000')}` : key;
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const text = lookup(key, subs);
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(cacheKey, text);
  return text;
}

/** Messages that count something: each has a `...One` sibling for the singular. */
export type CountedKey = {
  [K in MessageKey]: `${K}One` extends MessageKey ? K : never;
}[MessageKey];

/**
 * A message that counts something, in the singular or plural form the count needs. chrome.i18n
 * has no plurals, so `key` has a `${key}One` sibling; Intl.PluralRules picks, so a language
 * whose "one" form covers other numbers (21 in Russian) gets it right once translated. The
 * count is the first substitution of both forms.
 */
export function tCount(count: number, key: CountedKey, rest: Array<string | number> = []): string {
  const form: MessageKey = pluralRules().select(count) === 'one' ? `${key}One` : key;
  return t(form, [count, ...rest]);
}

let rules: Intl.PluralRules | undefined;
function pluralRules(): Intl.PluralRules {
  if (!rules) {
    let language = 'en';
    try {
      language = globalThis.chrome?.i18n?.getUILanguage?.() || 'en';
    } catch {
      // No chrome.i18n (unit tests): the bundled messages are English.
    }
    rules = new Intl.PluralRules(language);
  }
  return rules;
}

/** Remembered messages; cleared when full, since substitutions (titles) are unbounded. */
const cache = new Map<string, string>();
const CACHE_MAX = 5000;

function lookup(key: MessageKey, subs: string[] | undefined): string {
  try {
    const fromChrome = globalThis.chrome?.i18n?.getMessage?.(key, subs);
    if (fromChrome) return fromChrome;
  } catch {
    // No chrome.i18n here (unit tests with a fake browser): use the bundled English.
  }
  const entry = messages[key] as {
    message: string;
    placeholders?: Record<string, { content: string }>;
  };
  // Same resolution as chrome.i18n: $NAME$ -> placeholder content ($1, $2...) -> substitution.
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => subs?.[Number(n) - 1] ?? '');
  });
}
