/**
 * Whether a page holds input the user typed that a reload would lose: a text field, text
 * area or select whose value differs from the one the page loaded with, or an element being
 * edited in place. Asked before "Reload first" so the user is asked, not the page.
 */
import type { EvaluateResult } from './cdp-types';
import type { SendCommand } from './target-sessions';

const EXPRESSION = `(() => {
  const changed = (el) => {
    if (el instanceof HTMLTextAreaElement) return el.value !== el.defaultValue;
    if (el instanceof HTMLSelectElement)
      return [...el.options].some((o) => o.selected !== o.defaultSelected);
    if (el instanceof HTMLInputElement) {
      if (el.type === 'checkbox' || el.type === 'radio') return el.checked !== el.defaultChecked;
      if (['hidden', 'submit', 'button', 'reset', 'image', 'file'].includes(el.type)) return false;
      return el.value !== el.defaultValue;
    }
    return false;
  };
  const walk = (doc, depth) => {
    if ([...doc.querySelectorAll('input, textarea, select')].some(changed)) return true;
    const active = doc.activeElement;
    if (active && active.isContentEditable && (active.textContent || '').trim()) return true;
    if (depth > 4) return false;
    for (const frame of doc.querySelectorAll('iframe')) {
      try { if (frame.contentDocument && walk(frame.contentDocument, depth + 1)) return true; }
      catch (e) { /* another site's frame */ }
    }
    return false;
  };
  return walk(document, 0);
})()`;

/**
 * Asks the tab's top document (and same-origin frames) whether it holds unsaved input.
 * When the page cannot be asked, it answers true: better one question too many than lost text.
 */
export async function hasUnsavedInput(send: SendCommand): Promise<boolean> {
  try {
    const r = await send<EvaluateResult>(
      'Runtime.evaluate',
      { expression: EXPRESSION, returnByValue: true },
      undefined,
    );
    return r.exceptionDetails !== undefined || r.result?.value !== false;
  } catch {
    return true;
  }
}
