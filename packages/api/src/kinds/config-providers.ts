/**
 * Config providers (api.md §4.2.2): files the agent writes to the device, from a Git repository, an HTTP
 * endpoint, a Kubernetes secret or inline content. A provider's kind is the one source key it carries.
 */
import Type, { type Static } from 'typebox';
import type { FieldError } from '../common/errors.js';
import { validateDnsLabel, validateDnsSubdomain } from '../common/names.js';
import { at, duplicates } from './field-errors.js';
import { EncodingType, inlineContentProblems } from './file-content.js';
import { validateNameReference } from './metadata-validation.js';
import { absolutePathProblems, linuxUserProblems } from './spec-formats.js';
import { checkTemplatable } from './template-params.js';

const ProviderName = Type.String({ description: 'Unique among the device’s config providers.' });
const LinuxUser = Type.String({ description: 'A name or numeric id; default "root".' });

export const FileSpec = Type.Object(
  {
    path: Type.String({ description: 'Absolute path on the device; an existing file is overwritten.' }),
    content: Type.String(),
    contentEncoding: Type.Optional(EncodingType),
    mode: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 0o7777, description: 'Permission bits as a decimal (420 = 0644).' }),
    ),
    user: Type.Optional(LinuxUser),
    group: Type.Optional(LinuxUser),
  },
  { additionalProperties: false, title: 'FileSpec' },
);
export type FileSpec = Static<typeof FileSpec>;

export const GitConfigProviderSpec = Type.Object(
  {
    name: ProviderName,
    gitRef: Type.Object(
      {
        repository: Type.String({ description: 'Name of a Repository resource.' }),
        targetRevision: Type.String(),
        path: Type.String({ description: 'Path of the config in the repository.' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, title: 'GitConfigProviderSpec' },
);
export type GitConfigProviderSpec = Static<typeof GitConfigProviderSpec>;

export const HttpConfigProviderSpec = Type.Object(
  {
    name: ProviderName,
    httpRef: Type.Object(
      {
        repository: Type.String({ description: 'Name of a Repository resource.' }),
        suffix: Type.Optional(Type.String({ description: 'Appended to the repository URL; may carry a query.' })),
        filePath: Type.String({ description: 'Absolute path on the device for the response body.' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, title: 'HttpConfigProviderSpec' },
);
export type HttpConfigProviderSpec = Static<typeof HttpConfigProviderSpec>;

export const InlineConfigProviderSpec = Type.Object(
  { name: ProviderName, inline: Type.Array(FileSpec) },
  { additionalProperties: false, title: 'InlineConfigProviderSpec' },
);
export type InlineConfigProviderSpec = Static<typeof InlineConfigProviderSpec>;

export const KubernetesSecretProviderSpec = Type.Object(
  {
    name: ProviderName,
    secretRef: Type.Object(
      {
        name: Type.String(),
        namespace: Type.String(),
        mountPath: Type.String({ description: 'Directory on the device; each secret key becomes a file.' }),
        user: Type.Optional(LinuxUser),
        group: Type.Optional(LinuxUser),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, title: 'KubernetesSecretProviderSpec' },
);
export type KubernetesSecretProviderSpec = Static<typeof KubernetesSecretProviderSpec>;

export const ConfigProviderSpec = Type.Union(
  [GitConfigProviderSpec, HttpConfigProviderSpec, InlineConfigProviderSpec, KubernetesSecretProviderSpec],
  { title: 'ConfigProviderSpec' },
);
export type ConfigProviderSpec = Static<typeof ConfigProviderSpec>;

const TARGET_REVISION_MAX = 1024;
const REPOSITORY_PATH_MAX = 2048;

function maxLength(max: number) {
  return (value: string) => (value.length > max ? [`must be no more than ${max} characters`] : []);
}

/** The device paths a provider writes to directly (git and secret providers write whole trees). */
function targetPaths(provider: ConfigProviderSpec, path: string): { path: string; target: string }[] {
  if ('inline' in provider)
    return provider.inline.map((f, j) => ({ path: `${path}.inline[${j}].path`, target: f.path }));
  if ('httpRef' in provider) return [{ path: `${path}.httpRef.filePath`, target: provider.httpRef.filePath }];
  return [];
}

function validateFile(file: FileSpec, path: string, allowTemplates: boolean): FieldError[] {
  return [
    ...checkTemplatable(file.path, `${path}.path`, allowTemplates, absolutePathProblems),
    ...at(`${path}.content`, inlineContentProblems(file.content, file.contentEncoding, allowTemplates)),
    ...at(`${path}.user`, linuxUserProblems(file.user ?? '')),
    ...at(`${path}.group`, linuxUserProblems(file.group ?? '')),
  ];
}

function validateProvider(provider: ConfigProviderSpec, path: string, allowTemplates: boolean): FieldError[] {
  const errs = at(`${path}.name`, validateDnsSubdomain(provider.name));
  if ('gitRef' in provider) {
    const ref = provider.gitRef;
    errs.push(
      ...validateNameReference(ref.repository, `${path}.gitRef.repository`),
      ...checkTemplatable(
        ref.targetRevision,
        `${path}.gitRef.targetRevision`,
        allowTemplates,
        maxLength(TARGET_REVISION_MAX),
      ),
      ...checkTemplatable(ref.path, `${path}.gitRef.path`, allowTemplates, maxLength(REPOSITORY_PATH_MAX)),
    );
  } else if ('httpRef' in provider) {
    const ref = provider.httpRef;
    errs.push(
      ...validateNameReference(ref.repository, `${path}.httpRef.repository`),
      ...checkTemplatable(ref.filePath, `${path}.httpRef.filePath`, allowTemplates, absolutePathProblems),
      ...checkTemplatable(ref.suffix ?? '', `${path}.httpRef.suffix`, allowTemplates, maxLength(REPOSITORY_PATH_MAX)),
    );
  } else if ('secretRef' in provider) {
    const ref = provider.secretRef;
    errs.push(
      ...checkTemplatable(ref.name, `${path}.secretRef.name`, allowTemplates, validateDnsLabel),
      ...checkTemplatable(ref.namespace, `${path}.secretRef.namespace`, allowTemplates, validateDnsLabel),
      ...checkTemplatable(ref.mountPath, `${path}.secretRef.mountPath`, allowTemplates, absolutePathProblems),
      ...at(`${path}.secretRef.user`, linuxUserProblems(ref.user ?? '')),
      ...at(`${path}.secretRef.group`, linuxUserProblems(ref.group ?? '')),
    );
  } else {
    errs.push(...provider.inline.flatMap((file, j) => validateFile(file, `${path}.inline[${j}]`, allowTemplates)));
  }
  return errs;
}

/** `spec.config`: each provider valid, names unique, and no device path written by two providers. */
export function validateConfigProviders(
  providers: readonly ConfigProviderSpec[],
  path: string,
  allowTemplates: boolean,
): FieldError[] {
  const errs = providers.flatMap((p, i) => validateProvider(p, `${path}[${i}]`, allowTemplates));
  for (const { index, value } of duplicates(providers.map((p) => p.name)))
    errs.push({ path: `${path}[${index}].name`, message: `duplicate config provider name "${value}"` });
  const targets = providers.flatMap((p, i) => targetPaths(p, `${path}[${i}]`));
  for (const { index, value } of duplicates(targets.map((t) => t.target)))
    errs.push({
      path: targets[index].path,
      message: `duplicate device path "${value}" across config providers`,
    });
  return errs;
}
