/**
 * The parts of Chrome DevTools Protocol messages the recorder reads. Hand-written (not the
 * whole devtools-protocol package) to keep lib/capture dependency-free; field names follow
 * https://chromedevtools.github.io/devtools-protocol/tot/Network/ and /Fetch/.
 */

/** CDP joins repeated headers (Set-Cookie) with '\n' in these objects. */
export type CdpHeaders = Record<string, string>;

/** Network.Request (also Fetch.requestPaused.request). */
export interface CdpRequest {
  url: string;
  urlFragment?: string;
  method: string;
  headers: CdpHeaders;
  postData?: string;
  hasPostData?: boolean;
  postDataEntries?: Array<{ bytes?: string }>;
}

/** Network.Response. */
export interface CdpResponse {
  url: string;
  status: number;
  statusText: string;
  headers: CdpHeaders;
  mimeType?: string;
  protocol?: string;
  remoteIPAddress?: string;
  fromDiskCache?: boolean;
  fromServiceWorker?: boolean;
}

/** Network.requestWillBeSent. */
export interface RequestWillBeSent {
  requestId: string;
  loaderId?: string;
  request: CdpRequest;
  wallTime?: number;
  type?: string;
  frameId?: string;
  redirectResponse?: CdpResponse;
  redirectHasExtraInfo?: boolean;
}

/** Network.requestWillBeSentExtraInfo: the headers really sent. */
export interface RequestWillBeSentExtraInfo {
  requestId: string;
  headers: CdpHeaders;
}

/** Network.responseReceived. */
export interface ResponseReceived {
  requestId: string;
  loaderId?: string;
  type?: string;
  frameId?: string;
  response: CdpResponse;
  hasExtraInfo?: boolean;
}

/** Network.responseReceivedExtraInfo: the headers really received. */
export interface ResponseReceivedExtraInfo {
  requestId: string;
  headers: CdpHeaders;
  statusCode?: number;
  /** Raw HTTP/1 header block as received (status line included); absent for h2/h3. */
  headersText?: string;
}

/** Network.dataReceived. */
export interface DataReceived {
  requestId: string;
  dataLength: number;
  /** Base64 bytes, only after Network.streamResourceContent enabled streaming. */
  data?: string;
}

/** Network.loadingFinished. */
export interface LoadingFinished {
  requestId: string;
  encodedDataLength?: number;
}

/** Network.loadingFailed. */
export interface LoadingFailed {
  requestId: string;
  type?: string;
  errorText: string;
  canceled?: boolean;
  blockedReason?: string;
}

/** Fetch.requestPaused. */
export interface RequestPaused {
  /** Fetch interception id ("interception-job-N.0"), valid in the pausing session only. */
  requestId: string;
  request: CdpRequest;
  frameId?: string;
  resourceType?: string;
  responseErrorReason?: string;
  responseStatusCode?: number;
  responseStatusText?: string;
  responseHeaders?: Array<{ name: string; value: string }>;
  /** The Network domain's request id of the same request, when there is one. */
  networkId?: string;
}

/** Target.TargetInfo. */
export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
  title?: string;
}

/** Target.attachedToTarget. */
export interface AttachedToTarget {
  sessionId: string;
  targetInfo: TargetInfo;
  waitingForDebugger?: boolean;
}

/** Target.detachedFromTarget. */
export interface DetachedFromTarget {
  sessionId: string;
  targetId?: string;
}

/** Page.frameNavigated. */
export interface FrameNavigated {
  frame: { id: string; parentId?: string; url: string; urlFragment?: string; loaderId?: string };
}

/** Page.getLayoutMetrics result. */
export interface LayoutMetrics {
  cssContentSize?: { width: number; height: number };
  cssLayoutViewport?: { clientWidth: number; clientHeight: number };
  layoutViewport?: { clientWidth: number; clientHeight: number };
}

/** Runtime.evaluate result. */
export interface EvaluateResult {
  result?: { value?: unknown };
  exceptionDetails?: { text?: string; exception?: { description?: string } };
}
