/**
 * `PUT /api/v1/enrollmentrequests/{name}/approval` (ref/service.md §6.4 step 4, api.md §4.7): a user
 * approves a device. In one transaction the management certificate is signed into the request, the
 * approval recorded, and the Device created with the approved labels.
 *
 * `approved: false` changes nothing and returns the approval recorded so far (JSON null when none),
 * as upstream; unlike upstream, it records no "approved" event, since nothing was approved.
 */
import {
  API_VERSION_FULL,
  ApiError,
  CONDITION_TYPE,
  DEVICE_ANNOTATION_AWAITING_RECONNECT,
  ENROLLMENT_APPROVED_REASON,
  EnrollmentRequestApproval,
  assertValid,
  badRequest,
  newDeviceStatus,
  notFound,
  validateEnrollmentRequestApproval,
  type Device,
  type EnrollmentRequest,
  type EnrollmentRequestApprovalStatus,
} from '@flightctl/api';
import type { CertificateServices } from '../crypto/certificate-services.js';
import type { Store } from '../store/index.js';
import { isConditionTrue, setCondition } from './conditions.js';
import { computeServiceStatus } from './device-status.js';
import { renderNewDevice } from './devices.js';
import { managementSignRequest } from './enrollment-requests.js';
import type { RequestContext } from './request-context.js';
import { newEvent, resourceCreated } from './resource-events.js';

const KIND = 'EnrollmentRequest';
const INFO_NO_TPM = 'TPM not present or not enabled on this device';

/** A failure that upstream records as EnrollmentRequestApprovalFailed. */
class ApprovalFailure extends ApiError {}

/** The user name of the caller (`user:<name>`), or upstream's "unknown". */
function approverName(ctx: RequestContext): string {
  const name = ctx.actor.startsWith('user:') ? ctx.actor.slice('user:'.length) : '';
  return name || 'unknown';
}

/** Approval labels win; unless they replace them, the agent's labels fill the gaps. */
function mergedLabels(er: EnrollmentRequest, approval: EnrollmentRequestApproval): Record<string, string> {
  return { ...(approval.replaceLabels ? {} : er.spec.labels), ...approval.labels };
}

/** The device an approved request becomes (ref/service.md §6.4, §5.7), its summaries computed. */
function enrolledDevice(er: EnrollmentRequest, labels: Record<string, string>, disconnectedTimeoutMs: number): Device {
  const status = newDeviceStatus();
  status.lifecycle = { status: 'Enrolled' };
  const systemInfo = er.spec.deviceStatus?.systemInfo;
  if (systemInfo) status.systemInfo = structuredClone(systemInfo);
  if (er.spec.osMode) status.capabilities = { osMode: er.spec.osMode };
  // TPM attestation is not supported, so no device's integrity can be verified.
  status.integrity = {
    status: 'Unsupported',
    info: INFO_NO_TPM,
    deviceIdentity: { status: 'Unsupported' },
    tpm: { status: 'Unsupported' },
  };
  const awaitingReconnect = er.metadata.annotations?.[DEVICE_ANNOTATION_AWAITING_RECONNECT] === 'true';
  const device: Device = {
    apiVersion: API_VERSION_FULL,
    kind: 'Device',
    metadata: {
      name: er.metadata.name,
      labels,
      ...(awaitingReconnect ? { annotations: { [DEVICE_ANNOTATION_AWAITING_RECONNECT]: 'true' } } : {}),
    },
    status,
  };
  renderNewDevice(device);
  // Never seen yet: the computation says so (disconnected), or AwaitingReconnect after a restore.
  device.status = computeServiceStatus(device, { now: new Date(), disconnectedTimeoutMs });
  return device;
}

export class EnrollmentApproval {
  constructor(
    private readonly store: Store,
    private readonly certificates: CertificateServices,
    /** After how long without contact a device counts as disconnected (service.deviceDisconnectedTimeout). */
    private readonly disconnectedTimeoutMs: number,
  ) {}

  async approve(ctx: RequestContext, name: string, body: unknown): Promise<EnrollmentRequestApprovalStatus | null> {
    assertValid<EnrollmentRequestApproval>(EnrollmentRequestApproval, body, validateEnrollmentRequestApproval);
    if (!body.approved) {
      const er = await this.store.enrollmentRequests.get(ctx.orgId, name);
      if (!er) throw notFound(KIND, name);
      return er.status?.approval ?? null;
    }
    try {
      return await this.store.transaction((tx) => this.approveIn(tx, ctx, name, body));
    } catch (err) {
      if (!(err instanceof ApprovalFailure)) throw err;
      // The approval's transaction is gone, so the failure is recorded on its own.
      const event = newEvent(ctx, {
        kind: KIND,
        name,
        reason: 'EnrollmentRequestApprovalFailed',
        message: `${KIND} approval failed: ${err.message.replace(/\.$/, '')}.`,
      });
      await this.store.events.create(ctx.orgId, event).catch(() => undefined);
      throw new ApiError(err.code, err.message);
    }
  }

  private async approveIn(
    tx: Store,
    ctx: RequestContext,
    name: string,
    body: EnrollmentRequestApproval,
  ): Promise<EnrollmentRequestApprovalStatus> {
    const approval: EnrollmentRequestApprovalStatus = {
      approved: true,
      labels: {},
      replaceLabels: body.replaceLabels ?? false,
      approvedBy: approverName(ctx),
      approvedAt: new Date().toISOString(),
    };
    // The compare-and-swap update lets only one of two concurrent approvals through.
    const { after: er } = await tx.enrollmentRequests.update(ctx.orgId, name, async (current) => {
      const status = current.status ?? { conditions: [] };
      if (isConditionTrue(status.conditions, CONDITION_TYPE.Approved))
        throw badRequest('Enrollment request is already approved');
      const certificate = await this.certificates
        .sign(managementSignRequest(this.certificates, ctx, current))
        .catch((err: Error) => {
          throw new ApprovalFailure(400, `Error approving and signing enrollment request: ${err.message}`);
        });
      approval.labels = mergedLabels(current, body);
      current.status = {
        ...status,
        certificate,
        approval,
        conditions: setCondition(status.conditions, {
          type: CONDITION_TYPE.Approved,
          status: 'True',
          reason: ENROLLMENT_APPROVED_REASON,
          message: `Approved by ${approval.approvedBy}`,
        }),
      };
      return current;
    });

    const device = enrolledDevice(er, approval.labels ?? {}, this.disconnectedTimeoutMs);
    await tx.devices.create(ctx.orgId, device).catch((err: Error) => {
      throw new ApprovalFailure(500, `error creating device from enrollment request: ${err.message}`);
    });
    await tx.events.create(ctx.orgId, resourceCreated(ctx, 'Device', name));
    await tx.events.create(
      ctx.orgId,
      newEvent(ctx, {
        kind: KIND,
        name,
        reason: 'EnrollmentRequestApproved',
        message: `${KIND} was approved successfully.`,
      }),
    );
    return approval;
  }
}
