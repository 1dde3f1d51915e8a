/**
 * `flightctl approve (enrollmentrequest|csr)/NAME` and `flightctl deny csr/NAME`
 * (ref/clients.md §1.6.6). An enrollment request is approved with one PUT of its approval (with the
 * labels the new device gets); a CSR is read, its conditions set to the decision, and written back
 * to its approval subresource. There is no deny for enrollment requests: deleting one rejects it.
 */
import type { Command } from 'commander';
import type { CertificateSigningRequest, EnrollmentRequestApproval } from '@flightctl/api';
import { collectList } from '../args/list-option.js';
import { parseLabelArgs } from '../args/label-args.js';
import { parseSingleResource, type SingleResource } from '../args/single-resource.js';
import type { ApiClient } from '../client/api-client.js';
import { withContext } from '../command-context.js';
import type { Output } from '../context.js';
import { decideCsr, type CsrDecision } from '../csr/csr-decision.js';
import { CliError } from '../errors.js';
import { failureText } from '../failure-text.js';

interface ApproveOptions {
  label?: string[];
  replaceLabels?: boolean;
}

async function decideCsrNamed(client: ApiClient, name: string, decision: CsrDecision): Promise<void> {
  const path = `/certificatesigningrequests/${encodeURIComponent(name)}`;
  const { body: csr } = await client.get<CertificateSigningRequest>(path);
  await client.request('PUT', `${path}/approval`, { body: decideCsr(csr, decision) });
}

/** Runs a decision, with the failure named after what was being decided. */
async function deciding(gerund: string, { kind, name }: SingleResource, decide: () => Promise<void>) {
  try {
    await decide();
  } catch (err) {
    throw new CliError(`Error: ${gerund} ${kind.singular}/${name}: ${failureText(err)}`);
  }
}

export function registerApprove(program: Command, io: Output): void {
  program
    .command('approve')
    .description('Approve a certificate signing or enrollment request.')
    .argument('<resource...>', 'enrollmentrequest/NAME or certificatesigningrequest/NAME (csr/NAME)')
    .option('-l, --label <key=value>', 'label for the enrolled device (repeatable, or comma-separated)', collectList)
    .option(
      '--replace-labels',
      "the --label set replaces the labels the device's agent proposed instead of adding to them",
    )
    .action(
      withContext(io, async (ctx, args: string[], options: ApproveOptions) => {
        const target = parseSingleResource(args, ['EnrollmentRequest', 'CertificateSigningRequest'], 'approve');
        const { kind, name } = target;
        const isEnrollment = kind.kind === 'EnrollmentRequest';
        if (!isEnrollment && (options.label || options.replaceLabels))
          throw new CliError('labels only apply to enrollmentrequest approval');
        // Built before any request, so a malformed --label fails without touching the server.
        const approval: EnrollmentRequestApproval = {
          approved: true,
          labels: parseLabelArgs(options.label ?? []),
          replaceLabels: Boolean(options.replaceLabels),
        };
        await deciding('approving', target, async () => {
          if (!isEnrollment) return decideCsrNamed(ctx.client(), name, 'Approved');
          await ctx
            .client()
            .request('PUT', `/enrollmentrequests/${encodeURIComponent(name)}/approval`, { body: approval });
        });
        ctx.io.out(`Approved ${kind.singular}/${name}\n`);
      }),
    );
}

export function registerDeny(program: Command, io: Output): void {
  program
    .command('deny')
    .description('Deny a certificate signing request.')
    .argument('<resource...>', 'certificatesigningrequest/NAME (csr/NAME)')
    .action(
      withContext(io, async (ctx, args: string[]) => {
        const target = parseSingleResource(args, ['CertificateSigningRequest', 'EnrollmentRequest'], 'deny');
        if (target.kind.kind === 'EnrollmentRequest')
          throw new CliError(
            `enrollment requests cannot be denied; to reject one, delete it: flightctl delete er/${target.name}`,
          );
        await deciding('denying', target, () => decideCsrNamed(ctx.client(), target.name, 'Denied'));
        ctx.io.out(`Denied ${target.kind.singular}/${target.name}\n`);
      }),
    );
}
