/**
 * Keeps a hidden capture tab drawing frames. Chrome draws nothing for a tab in the background
 * (in a headed browser not at all, headless only now and then), so requestAnimationFrame and
 * IntersectionObserver callbacks, which run as part of drawing a frame, never come, and
 * content that waits for them (lazy lists, "seen" markers, infinite scroll) never loads.
 *
 * A DevTools screencast counts as a capture of the tab's contents, for which Chrome renders
 * the tab as if it were shown. The frames themselves are not wanted: they are as small as
 * Chrome allows and each is only acknowledged, which is what keeps the next one coming.
 */
import { messageOf } from './clock';

type Send = <T>(method: string, params: object, sessionId: string | undefined) => Promise<T>;

/** Screencast frames are acknowledged, never decoded; the smallest size keeps them cheap. */
const SCREENCAST = { format: 'jpeg', quality: 1, maxWidth: 16, maxHeight: 16, everyNthFrame: 1 };

/** Frame production for one capture tab. */
export class FramePump {
  private running = false;
  private starting?: Promise<void>;
  /** Frames drawn since start (for the capture's notes and timings). */
  frames = 0;

  constructor(
    private readonly send: Send,
    private readonly note: (text: string) => void,
  ) {}

  /**
   * Starts the screencast on the tab's own session, once (later calls share the first).
   * Best effort: a refusal is noted.
   */
  start(): Promise<void> {
    this.starting ??= this.send('Page.startScreencast', SCREENCAST, undefined).then(
      () => {
        this.running = true;
      },
      (error: unknown) => {
        this.note(`the capture tab could not be made to draw frames: ${messageOf(error)}`);
      },
    );
    return this.starting;
  }

  /** Page.screencastFrame: acknowledge at once so Chrome keeps drawing. */
  onFrame(params: { sessionId: number }, sessionId: string | undefined): void {
    if (sessionId !== undefined || !this.running) return;
    this.frames++;
    void this.send('Page.screencastFrameAck', { sessionId: params.sessionId }, undefined).catch(
      () => undefined,
    );
  }

  /** Stops the screencast (before the screenshot, which needs no help to draw). */
  async stop(): Promise<void> {
    // A start still on its way would leave the screencast running behind this stop.
    await this.starting;
    if (!this.running) return;
    this.running = false;
    await this.send('Page.stopScreencast', {}, undefined).catch(() => undefined);
  }
}
