/**
 * One part of the device the agent reconciles (applications, configuration files, OS, …), called in
 * the phases of ref/agent.md §2.8. The reconciler runs its controllers in order; a controller throws
 * an UpdateError to fail the version (non-retryable) or to try again later (retryable).
 */
import type { Device } from '@flightctl/api';

export interface ReconcileContext {
  current: Device;
  desired: Device;
  signal: AbortSignal;
}

export interface Controller {
  /** Preparing: checks and downloads; nothing on the device changes yet. Skipped when rolling back. */
  beforeUpdate?(context: ReconcileContext): Promise<void>;
  /** ApplyingUpdate: writes the desired state. */
  sync?(context: ReconcileContext): Promise<void>;
  /** After the writes: activates them (restarts, reboots). */
  afterUpdate?(context: ReconcileContext): Promise<void>;
}
