/**
 * Why reconciling a version failed, and whether trying again later can help (ref/agent.md §2.8):
 * a retryable error (a policy window not open yet, the network) keeps the version queued, a
 * non-retryable one marks it failed so it is not tried again.
 */

export type UpdatePhase = 'Preparing' | 'ApplyingUpdate' | 'Rebooting';

/** The part of the agent that failed, as upstream names them in status messages. */
export type UpdateComponent =
  | 'resources'
  | 'download policy'
  | 'update policy'
  | 'prefetch'
  | 'applications'
  | 'hooks'
  | 'config'
  | 'systemd'
  | 'lifecycle'
  | 'os';

export class UpdateError extends Error {
  override name = 'UpdateError';
  readonly retryable: boolean;
  readonly component: UpdateComponent;
  /** Set by the reconciler: the phase the error happened in. */
  phase?: UpdatePhase;

  constructor(component: UpdateComponent, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(`${component}: ${message}`, { cause: options.cause });
    this.component = component;
    this.retryable = options.retryable;
  }
}

// Transport failures that a later attempt may not see (upstream's IsRetryable network cases).
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Whether an update that failed with `err` may succeed if tried again; unknown errors are not. */
export function isRetryable(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof UpdateError) return e.retryable;
    if (e.name === 'RequestTimeoutError' || e.name === 'TimeoutError') return true;
    const code = (e as NodeJS.ErrnoException).code;
    if (code && RETRYABLE_CODES.has(code)) return true;
  }
  return false;
}
