// Types of chrome.js for the TypeScript tests. Keep in step with the JSDoc there.
export const CHROME_PATH: string;
export const CHROME_ARGS: string[];
