/**
 * Who is calling the agent API (ref/service.md §6.7), derived from the verified TLS client
 * certificate. Enrollment certificates may only create and read enrollment requests; device
 * certificates (management or renewal signer) act for exactly one device.
 */
export type AgentIdentity =
  | {
      kind: 'enrollment';
      /** Organization from the certificate's org extension, the default organization when absent. */
      orgId: string;
      commonName: string;
    }
  | {
      kind: 'device';
      orgId: string;
      /** The device name: `device:<fingerprint>` in the CN, also in the fingerprint extension. */
      fingerprint: string;
      /** Signer that issued the certificate (management or renewal). */
      signerName: string;
      commonName: string;
    };

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the agent API's authentication hook on every request it lets through. */
    agentIdentity?: AgentIdentity;
  }
}
