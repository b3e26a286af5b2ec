// Whether a Kubernetes call failed because the API could not be reached at all (refused,
// timed out, DNS, TLS: e.g. the caller's IP left the endpoint's allow-list), as opposed to an
// answer from the API server, a wait that ran out, or the user's interrupt.
import { KubeApiError } from '../kube/rest.js';
import { WaitTimeout } from '../../util/wait.js';

export function isUnreachable(error: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return false;
  if (error instanceof KubeApiError || error instanceof WaitTimeout) return false;
  return error instanceof Error && error.name !== 'AbortError';
}

/** "fetch failed" alone says nothing: the cause's code and address say where and why. */
export function unreachableCause(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = (error as { cause?: { code?: string; address?: string; port?: number; message?: string } } | undefined)?.cause;
  if (!cause) return message;
  const where = cause.address ? ` ${cause.address}${cause.port ? `:${cause.port}` : ''}` : '';
  const detail = cause.code ? `${cause.code}${where}` : cause.message;
  return detail && !message.includes(detail) ? `${message}: ${detail}` : message;
}
