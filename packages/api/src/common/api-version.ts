/** The API group and version of every resource (kept apart from the schemas so light clients need no TypeBox). */
export const API_GROUP = 'flightctl.io';
export const API_VERSION = 'v1beta1';
/** What the server always emits in `apiVersion`. */
export const API_VERSION_FULL = `${API_GROUP}/${API_VERSION}`;
