export { AGENT_VERSION } from './version.js';
export { Agent, type AgentOptions } from './agent.js';
export {
  DEFAULT_CONFIG_DIR,
  DEFAULT_CONFIG_FILE,
  DEFAULT_DATA_DIR,
  type AgentConfig,
  type ServiceConfig,
} from './config/agent-config.js';
export {
  AgentConfigError,
  buildAgentConfig,
  loadAgentConfig,
  type AgentConfigInput,
  type LoadedAgentConfig,
} from './config/load-config.js';
export { validateAgentConfig, type ConfigProblem } from './config/validate-config.js';
export { Connection } from './client/connection.js';
export type { RequestDurationCallback } from './client/service-client.js';
export { readTlsCredentials } from './client/tls-credentials.js';
export { BANNER_PATH } from './enrollment/banner.js';
export { RootDir } from './os/root-dir.js';
export { ProcessExecutor, SafeExecutor, type Executor, type ExecResult } from './os/executor.js';
export { createCertificateRequestPem, generateKeyPem } from './certificates/certificate-request.js';
