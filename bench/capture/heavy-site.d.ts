// Types of heavy-site.js for TypeScript callers. Keep in step with the JSDoc there.
import type { FixtureSite, Route } from '../../test/fixtures/site/server.js';

export const HEAVY_PATH: string;
export const heavyRoute: Route;
export function heavyStats(): { subresources: number; totalBytes: number };
export function startHeavySite(options?: {
  port?: number;
  crossPort?: number;
}): Promise<FixtureSite & { url: string; stats: { subresources: number; totalBytes: number } }>;
