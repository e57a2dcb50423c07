/**
 * The data plane's error: an {@link EcsnetError} (so the CLI prints its message, not a stack)
 * with a stable code scripts and tests can match on.
 *
 * @module
 */
import { EcsnetError } from '../diagnostics.js';

/** Stable codes of data-plane failures. */
export type LabErrorCode =
  | 'ECSNET_E_NOT_ROOT'
  | 'ECSNET_E_LAB_EXISTS'
  | 'ECSNET_E_APPLY_FAILED'
  | 'ECSNET_E_DESTROY_INCOMPLETE'
  | 'ECSNET_E_NO_SUCH_LAB'
  | 'ECSNET_E_PROCESS_NOT_OURS'
  | 'ECSNET_E_SUPERVISOR'
  | 'ECSNET_E_LAB_BUSY'
  | 'ECSNET_E_LAB_TOO_LARGE';

/** A data-plane failure with a stable code; `cause` keeps the underlying error (often a CommandError). */
export class LabError extends EcsnetError {
  constructor(
    readonly code: LabErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, [], 2);
    this.name = 'LabError';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
