// @ts-check
// What every Perma route handler receives.

/**
 * @typedef {object} PermaContext
 * @property {import('../http-core.js').ServerRequest} req
 * @property {import('./model.js').PermaUser} user The authenticated user (public routes: a
 *   placeholder that owns nothing).
 * @property {boolean} authenticated
 * @property {import('./model.js').PermaModel} model
 * @property {ReturnType<typeof import('./serialize.js').serializers>} ser
 * @property {import('./create.js').CreateSettings & { captureFails?: (url: string) => boolean }} settings
 * @property {() => number} now
 * @property {'new' | 'old'} style Pagination style (A4).
 * @property {string} apiBase
 */

export {};
