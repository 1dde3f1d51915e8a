/**
 * The agent `config.yaml` that `certificate request` prints for an issued enrollment
 * certificate (ref/clients.md §1.6.9): the enrollment service with the certificate and key either
 * embedded or referenced as files under the agent's `certs/` directory.
 */
import type { EnrollmentConfig } from '@flightctl/api';

export type AgentConfigStyle = 'embedded' | 'reference';

/** Paths relative to the agent's config directory (/etc/flightctl). */
const AGENT_CERTS_DIR = 'certs';

export interface IssuedCertificate {
  /** The request name: the files are <name>.crt and <name>.key. */
  name: string;
  /** Base64 PEM, as `status.certificate` carries it. */
  certificate: string;
  keyPem: string;
}

export function agentConfig(style: AgentConfigStyle, enrollment: EnrollmentConfig, issued: IssuedCertificate): object {
  const source = enrollment['enrollment-service'];
  const embedded = style === 'embedded';
  return {
    'enrollment-service': {
      authentication: embedded
        ? {
            'client-certificate-data': issued.certificate,
            'client-key-data': Buffer.from(issued.keyPem).toString('base64'),
          }
        : {
            'client-certificate': `${AGENT_CERTS_DIR}/${issued.name}.crt`,
            'client-key': `${AGENT_CERTS_DIR}/${issued.name}.key`,
          },
      service: embedded
        ? source.service
        : { server: source.service.server, 'certificate-authority': `${AGENT_CERTS_DIR}/ca.crt` },
      'enrollment-ui-endpoint': source['enrollment-ui-endpoint'],
    },
  };
}
