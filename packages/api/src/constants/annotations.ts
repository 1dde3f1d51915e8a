/**
 * Annotation keys the service manages (api.md §11, service.md §3.7). Clients see them in
 * responses but cannot set them: annotations in write bodies are discarded.
 */

/** Device: the rendered version served to the agent (a decimal integer string). */
export const DEVICE_ANNOTATION_RENDERED_VERSION = 'device-controller/renderedVersion';
/** Device: hash of the last rendered spec, used to skip redundant renders. */
export const DEVICE_ANNOTATION_RENDERED_SPEC_HASH = 'device-controller/renderedSpecHash';
/** Device: JSON list of pending console sessions. */
export const DEVICE_ANNOTATION_CONSOLE = 'device-controller/console';
/** Device: the active application console session. */
export const DEVICE_ANNOTATION_REMOTE_SESSION = 'device-controller/remote-session';
/** Device: per-application lifecycle overrides (JSON). */
export const DEVICE_ANNOTATION_APPLICATION_LIFECYCLE = 'device-controller/applicationLifecycle';
/** Device: cached fleet-level application lifecycle defaults (JSON). */
export const DEVICE_ANNOTATION_FLEET_APPLICATION_LIFECYCLE = 'device-controller/fleetApplicationLifecycle';
/** Device and EnrollmentRequest: "true" after a database restore until the device reconnects. */
export const DEVICE_ANNOTATION_AWAITING_RECONNECT = 'device-controller/awaitingReconnect';
/** Device: "true" while rendering is paused because the agent reported an unknown rendered version. */
export const DEVICE_ANNOTATION_CONFLICT_PAUSED = 'device-controller/conflictPaused';
/** Device: the template version whose template was last written into the device spec. */
export const DEVICE_ANNOTATION_TEMPLATE_VERSION = 'fleet-controller/templateVersion';
/** Device: the template version of the last rendering. */
export const DEVICE_ANNOTATION_RENDERED_TEMPLATE_VERSION = 'fleet-controller/renderedTemplateVersion';
/** Device: present (value "") while the device is in the current rollout batch. */
export const DEVICE_ANNOTATION_SELECTED_FOR_ROLLOUT = 'fleet-controller/selectedForRollout';
/** Device: the parameter-substitution error of the last rollout. */
export const DEVICE_ANNOTATION_LAST_ROLLOUT_ERROR = 'fleet-controller/lastRolloutError';

/** Fleet: the latest template version created for the fleet (same key as on devices). */
export const FLEET_ANNOTATION_TEMPLATE_VERSION = 'fleet-controller/templateVersion';
/** Fleet: the template version the batch reconciler is rolling out; a change means a new rollout. */
export const FLEET_ANNOTATION_DEPLOYING_TEMPLATE_VERSION = 'fleet-controller/deployingTemplateVersion';
/** Fleet: current batch index (-1 preliminary, 0..n-1 configured, n final implicit, n+1 done). */
export const FLEET_ANNOTATION_BATCH_NUMBER = 'fleet-controller/batchNumber';
/** Fleet: "true" when the current batch is approved. */
export const FLEET_ANNOTATION_ROLLOUT_APPROVED = 'fleet-controller/rolloutApproved';
/** Fleet: "automatic", or anything else for manual approval. */
export const FLEET_ANNOTATION_ROLLOUT_APPROVAL_METHOD = 'fleet-controller/rolloutApprovalMethod';
/** Fleet: JSON {batchName, successPercentage, total, successful, failed, timedOut} of the last batch. */
export const FLEET_ANNOTATION_LAST_BATCH_COMPLETION_REPORT = 'fleet-controller/lastBatchCompletionReport';
/** Fleet: md5 of the device-selection policy, to notice edits during a rollout. */
export const FLEET_ANNOTATION_DEVICE_SELECTION_CONFIG_DIGEST = 'fleet-controller/deviceSelectionConfigDigest';
/** Fleet: JSON map of application name to default desired state. */
export const FLEET_ANNOTATION_APPLICATION_LIFECYCLE = 'fleet-controller/applicationLifecycle';

/** Event: "true" tells the worker not to render for this spec update. */
export const EVENT_ANNOTATION_DELAY_DEVICE_RENDER = 'fleet-controller/delayDeviceRender';
/** Event: the request id of the API call that caused it. */
export const EVENT_ANNOTATION_REQUEST_ID = 'event-controller/requestID';

/** AuthProvider: set when a super-admin created it. */
export const AUTH_PROVIDER_ANNOTATION_CREATED_BY_SUPER_ADMIN = 'auth-provider/createdBySuperAdmin';
