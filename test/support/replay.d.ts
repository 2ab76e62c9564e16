// Types of replay.js for the TypeScript tests: the project's tsc reads no JavaScript.
// Keep in step with the JSDoc there (which says what each function waits for).
import type { BrowserContext, Frame, Page } from 'playwright-core';

export interface ReplayServer {
  origin: string;
  url(pageUrl: string, ts?: string): string;
  requests: string[];
  close(): Promise<void>;
}

export function startReplayServer(options: { warcPath: string }): Promise<ReplayServer>;

export interface ShotOptions {
  width: number;
  height: number;
  title?: string | RegExp;
  timeout?: number;
  ts?: string;
}

export function openReplay(
  browserContext: BrowserContext,
  replayServer: ReplayServer,
  pageUrl: string,
  options: ShotOptions,
): Promise<{ page: Page; frame: Frame }>;

export function screenshotReplay(
  browserContext: BrowserContext,
  replayServer: ReplayServer,
  pageUrl: string,
  options: ShotOptions,
): Promise<Buffer>;

export function screenshotLive(
  browserContext: BrowserContext,
  pageUrl: string,
  options: ShotOptions,
): Promise<Buffer>;

export interface CompareOptions {
  threshold?: number;
  includeAA?: boolean;
  diffPath?: string;
}

export interface CompareResult {
  diffRatio: number;
  diffPixels: number;
  totalPixels: number;
  sizeA: [number, number];
  sizeB: [number, number];
}

export function compareScreenshots(
  pngA: Buffer,
  pngB: Buffer,
  options?: CompareOptions,
): Promise<CompareResult>;
