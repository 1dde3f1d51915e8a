/**
 * What every command needs: the global options, the client config of the chosen context, an API
 * client, and where to write. Built lazily so `login`, `version` and `completion` work without a config.
 */
import { ApiClient } from './client/api-client.js';
import { configLocation, readClientConfig, type ClientConfig, type ConfigLocation } from './config/client-config.js';
import { CliError } from './errors.js';
import { isOrganizationId } from './config/organization-id.js';

export interface GlobalOptions {
  org?: string;
  context?: string;
  configDir?: string;
  requestTimeout?: string;
}

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Colour and alignment only for a terminal; piped output is plain. */
  isTTY: boolean;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
};

export class CommandContext {
  private cachedConfig?: ClientConfig;
  private cachedClient?: ApiClient;

  constructor(
    readonly globals: GlobalOptions,
    readonly io: Output = processOutput,
  ) {
    if (globals.org !== undefined && !isOrganizationId(globals.org))
      throw new CliError(`invalid organization ID "${globals.org}": must be a UUID`);
    if (globals.requestTimeout !== undefined && !/^\d+$/.test(globals.requestTimeout))
      throw new CliError(
        `invalid --request-timeout "${globals.requestTimeout}": must be a whole number of seconds (0 = none)`,
      );
  }

  location(): ConfigLocation {
    return configLocation({ configDir: this.globals.configDir, context: this.globals.context });
  }

  config(): ClientConfig {
    this.cachedConfig ??= readClientConfig(this.location());
    return this.cachedConfig;
  }

  client(): ApiClient {
    this.cachedClient ??= new ApiClient({
      config: this.config(),
      organization: this.globals.org,
      timeoutSeconds: this.globals.requestTimeout ? Number(this.globals.requestTimeout) : undefined,
    });
    return this.cachedClient;
  }

  async close(): Promise<void> {
    await this.cachedClient?.close();
  }
}
