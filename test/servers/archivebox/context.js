// @ts-check
// What every ArchiveBox route handler receives.

/**
 * @typedef {object} AbContext
 * @property {import('../http-core.js').ServerRequest} req
 * @property {import('./model.js').AbUser} user
 * @property {'0.8' | '0.9' | '0.9-uploads'} version
 * @property {import('./model.js').ArchiveBoxModel} model
 * @property {ReturnType<typeof import('./serialize.js').serializers>} ser
 * @property {() => number} now
 * @property {(ms: number) => Promise<void>} sleep Cut short when the server closes.
 * @property {number} addDelayMs 0.8: how long cli/add keeps the request open.
 * @property {(url: string) => string | undefined} [pageTitle]
 */

export {};
