/**
 * lib/capture: records a tab over the Chrome DevTools Protocol into Exchanges and resources
 * (pure: no chrome.*, no DOM). The platform layer supplies a CdpTransport, the background a
 * CaptureSink.
 */
export { Recorder, type RecorderOptions, type CaptureOutcome } from './recorder';
export { TabRecorder, type TabRecorderOptions, type RecordingOutcome } from './tab-recorder';
export { classifyUrl, isRecordableUrl, type UrlVerdict } from './url-policy';
export { isErrorPage } from './outcome';
export type { Clock } from './clock';
export type { CdpTransport, CdpEventListener, CaptureSink, CaptureProgress } from './transport';
export type { Exchange, RecordedBody, CaptureResource, CaptureMetadata, HeaderList } from './types';
