// Types of chrome.js for the TypeScript tests. Keep in step with the JSDoc there.
export const CHROME_PATH: string;
export const CHROME_ARGS: string[];
export function launchExtension(
  profile: string,
  extensionDir: string,
  options?: { viewport?: { width: number; height: number }; args?: string[] },
): Promise<{
  context: import('playwright-core').BrowserContext;
  worker: import('playwright-core').Worker;
  base: string;
}>;
