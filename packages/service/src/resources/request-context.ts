/** Who is asking, in which organization, under which request id: what every operation and event needs. */
export interface RequestContext {
  orgId: string;
  /** `user:<name>` or `service:<component>`, recorded on events. */
  actor: string;
  requestId: string;
}
