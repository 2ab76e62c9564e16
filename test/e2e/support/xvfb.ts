import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A virtual X display for a headed Chromium (Debian package xvfb). */
export interface VirtualDisplay {
  /** The DISPLAY value, e.g. ":94". */
  display: string;
  close(): Promise<void>;
}

const XVFB = '/usr/bin/Xvfb';

/** Whether Xvfb is installed (CI installs it; a laptop may not have it). */
export function hasXvfb(): boolean {
  return existsSync(XVFB);
}

/**
 * Starts Xvfb on the first free display from :90 and resolves once it accepts clients (its
 * socket appears). A headed browser there behaves as on a person's screen: a tab in the
 * background is hidden and draws no frames.
 */
export async function startXvfb(): Promise<VirtualDisplay> {
  for (let n = 90; n < 110; n++) {
    if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
    const child: ChildProcess = spawn(
      XVFB,
      [`:${n}`, '-screen', '0', '1280x900x24', '-nolisten', 'tcp'],
      {
        stdio: 'ignore',
      },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && child.exitCode === null) {
      if (existsSync(`/tmp/.X11-unix/X${n}`)) {
        return {
          display: `:${n}`,
          close: () =>
            new Promise<void>((resolve) => {
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
  }
  throw new Error('Xvfb could not start a display (tried :90 to :109)');
}
