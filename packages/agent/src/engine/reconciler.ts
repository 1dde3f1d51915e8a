/**
 * Reconciliation of one rendered version (ref/agent.md §2.8): take the next desired version, run the
 * controllers through the Preparing, ApplyingUpdate and activation phases with the `Updating`
 * condition telling the service where the update is, then commit (desired becomes current) or roll
 * back to the current version and report why.
 */
import type { Device, OsModeType, UPDATE_STATE } from '@flightctl/api';
import type { Logger } from 'pino';
import { renderedSpecHash, renderedVersion, versionNumber } from '../spec/rendered-device.js';
import type { SpecManager } from '../spec/spec-manager.js';
import type { ConditionUpdate } from '../status/conditions.js';
import type { StatusManager } from '../status/status-manager.js';
import type { Controller, ReconcileContext } from './controller.js';
import { UpdateError, isRetryable, type UpdatePhase } from './update-error.js';

export interface ReconcilerOptions {
  spec: SpecManager;
  status: StatusManager;
  controllers: Controller[];
  osMode: OsModeType;
  log: Logger;
}

/** A reason of the `Updating` condition: an UPDATE_STATE value of the API, as a literal the compiler checks. */
export type UpdateState = (typeof UPDATE_STATE)[keyof typeof UPDATE_STATE];

/** The `Updating` condition: where an update stands (ref/agent.md §2.8). */
export function updatingCondition(status: 'True' | 'False', reason: UpdateState, message: string): ConditionUpdate {
  return { type: 'Updating', status, reason, message };
}

/** Going from `current` to `desired` undoes a newer version: only the runtime state is restored. */
function isRollback(current: Device, desired: Device): boolean {
  return versionNumber(renderedVersion(current)) > versionNumber(renderedVersion(desired));
}

async function inPhase(phase: UpdatePhase, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (err) {
    if (err instanceof UpdateError) err.phase ??= phase;
    throw err;
  }
}

export class Reconciler {
  constructor(private readonly options: ReconcilerOptions) {}

  /** One pass of the spec loop; returns quietly when nothing is due. */
  async reconcile(signal: AbortSignal): Promise<void> {
    const { spec, log } = this.options;
    const desired = await spec.getDesired();
    if (!desired) return;
    const current = spec.get('current');
    const upgrading = spec.isUpgrading();

    const os = desired.spec?.os;
    if (this.options.osMode === 'package' && (os?.image || os?.catalogItemRef)) {
      if (!upgrading) return;
      const err = new UpdateError('os', 'the device runs in package mode, where the OS image is not managed', {
        retryable: false,
      });
      spec.setUpgradeFailed(renderedVersion(desired), renderedSpecHash(desired));
      await this.rollback(current, desired, signal);
      await this.reportFailure(desired, err);
      return;
    }

    try {
      await this.sync(current, desired, signal);
    } catch (err) {
      if (signal.aborted) return;
      if (!upgrading) {
        log.error(`steady state is no longer in sync: ${(err as Error).message}`);
        return;
      }
      if (!isRetryable(err)) {
        log.error(`marking rendered version ${renderedVersion(desired)} as failed: ${(err as Error).message}`);
        spec.setUpgradeFailed(renderedVersion(desired), renderedSpecHash(desired));
      }
      await this.rollback(current, desired, signal);
      await this.reportFailure(desired, err as Error);
      return;
    }
    if (!upgrading) return;
    await spec.upgrade();
    await this.reportUpdated(desired);
  }

  private async sync(current: Device, desired: Device, signal: AbortSignal): Promise<void> {
    const { spec, controllers } = this.options;
    const context: ReconcileContext = { current, desired, signal };
    const version = renderedVersion(desired);
    if (!isRollback(current, desired)) {
      await inPhase('Preparing', async () => {
        spec.checkPolicy('download', version);
        await this.updating('Preparing', `Device is preparing an update to renderedVersion: ${version}`);
        for (const controller of controllers) await controller.beforeUpdate?.(context);
        spec.checkPolicy('update', version);
        await this.updating('ReadyToUpdate', `Device is ready to apply update to renderedVersion: ${version}`);
      });
    }
    await inPhase('ApplyingUpdate', async () => {
      await this.updating('ApplyingUpdate', `Device is applying renderedVersion: ${version}`);
      for (const controller of controllers) await controller.sync?.(context);
    });
    await inPhase('Rebooting', async () => {
      for (const controller of controllers) await controller.afterUpdate?.(context);
    });
  }

  /** Sets `Updating=True` with this reason while a version is being upgraded to. */
  private async updating(reason: UpdateState, message: string): Promise<void> {
    if (!this.options.spec.isUpgrading()) return;
    await this.options.status.updateCondition(updatingCondition('True', reason, message));
  }

  /** Back to the current version: the desired file is reset and the current spec applied again. */
  private async rollback(current: Device, failed: Device, signal: AbortSignal): Promise<void> {
    const { spec, status, log } = this.options;
    const version = renderedVersion(current);
    log.warn(`rolling back to the previous renderedVersion: ${version}`);
    await status.updateCondition(
      updatingCondition('True', 'RollingBack', `Device is rolling back to the previous renderedVersion: ${version}`),
    );
    try {
      await spec.rollback();
      await this.sync(failed, current, signal);
    } catch (err) {
      log.error(`rollback did not complete cleanly: ${(err as Error).message}`);
    }
  }

  private async reportFailure(desired: Device, err: Error): Promise<void> {
    const version = renderedVersion(desired);
    const retryable = isRetryable(err);
    await this.options.status.updateCondition(
      retryable
        ? updatingCondition(
            'True',
            'ApplyingUpdate',
            `Failed to update to renderedVersion: ${version}: retrying: ${err.message}`,
          )
        : updatingCondition('False', 'Error', `Failed to update to renderedVersion: ${version}: ${err.message}`),
    );
  }

  private async reportUpdated(desired: Device): Promise<void> {
    const version = renderedVersion(desired);
    const { status } = this.options;
    await status.updateCondition(
      updatingCondition('False', 'Updated', `Updated to desired renderedVersion: ${version}`),
    );
    await status.update((s) => {
      s.config.renderedVersion = version;
    });
  }
}
