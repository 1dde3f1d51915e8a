/** An error the CLI reports as one line on stderr (never a stack), with kubectl's exit code habits. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
