/**
 * Application providers (api.md §4.2.2): workloads the agent runs, one closed shape per `appType`.
 * Each app has exactly one source (an OCI image, a catalog item, or inline files); which sources and
 * volume kinds a type accepts is checked by `validateApplications`, which reports it more clearly.
 */
import Type, { type Static, type TProperties } from 'typebox';
import { StringMap } from '../common/meta.js';
import type { AppType } from './app-type.js';
import { CatalogItemRefSpec } from './catalog-item-ref.js';
import { DiscriminatedUnion } from './discriminated-union.js';
import { EncodingType } from './file-content.js';

export const ApplicationDesiredStates = ['running', 'stopped'] as const;
export const ApplicationDesiredState = Type.Enum(ApplicationDesiredStates);
export type ApplicationDesiredState = Static<typeof ApplicationDesiredState>;

export const ImagePullPolicies = ['Always', 'IfNotPresent', 'Never'] as const;
export const ImagePullPolicy = Type.Enum(ImagePullPolicies, { description: 'Default IfNotPresent.' });
export type ImagePullPolicy = Static<typeof ImagePullPolicy>;

export const ApplicationVolumeReclaimPolicies = ['Retain'] as const;
export const ApplicationVolumeReclaimPolicy = Type.Enum(ApplicationVolumeReclaimPolicies, {
  description: 'What happens to the volume when its app is removed; default Retain.',
});
export type ApplicationVolumeReclaimPolicy = Static<typeof ApplicationVolumeReclaimPolicy>;

export const ApplicationContent = Type.Object(
  {
    path: Type.String({ description: 'Relative to the application directory.' }),
    content: Type.Optional(Type.String()),
    contentEncoding: Type.Optional(EncodingType),
  },
  { additionalProperties: false, title: 'ApplicationContent' },
);
export type ApplicationContent = Static<typeof ApplicationContent>;

/** Exactly one of `reference` and `catalogItemRef`. */
export const ImageVolumeSource = Type.Object(
  {
    reference: Type.Optional(Type.String({ description: 'An OCI image or artifact reference.' })),
    catalogItemRef: Type.Optional(CatalogItemRefSpec),
    pullPolicy: Type.Optional(ImagePullPolicy),
  },
  { additionalProperties: false, title: 'ImageVolumeSource' },
);
export type ImageVolumeSource = Static<typeof ImageVolumeSource>;

export const VolumeMount = Type.Object(
  { path: Type.String({ description: 'Mount path in the container with options, e.g. "/etc/nginx/conf.d:ro".' }) },
  { additionalProperties: false, title: 'VolumeMount' },
);
export type VolumeMount = Static<typeof VolumeMount>;

/** An image volume (`image`), a named mount (`mount`), or an image mounted at a path (both). */
export const ApplicationVolume = Type.Object(
  {
    name: Type.String({ description: 'Unique within the application.' }),
    reclaimPolicy: Type.Optional(ApplicationVolumeReclaimPolicy),
    image: Type.Optional(ImageVolumeSource),
    mount: Type.Optional(VolumeMount),
  },
  { additionalProperties: false, title: 'ApplicationVolume' },
);
export type ApplicationVolume = Static<typeof ApplicationVolume>;

export const ApplicationPort = Type.String({ pattern: '^\\d+:\\d+$', description: '"hostPort:containerPort".' });
export type ApplicationPort = Static<typeof ApplicationPort>;

export const ApplicationResources = Type.Object(
  {
    limits: Type.Optional(
      Type.Object(
        {
          cpu: Type.Optional(Type.String({ description: 'Cores, e.g. "0.75".' })),
          memory: Type.Optional(Type.String({ description: 'Bytes with optional b/k/m/g unit, e.g. "256m".' })),
        },
        { additionalProperties: false, title: 'ApplicationResourceLimits' },
      ),
    ),
  },
  { additionalProperties: false, title: 'ApplicationResources' },
);
export type ApplicationResources = Static<typeof ApplicationResources>;

const ImageSource = { image: Type.Optional(Type.String({ description: 'An OCI image or artifact reference.' })) };
const CatalogSource = { catalogItemRef: Type.Optional(CatalogItemRefSpec) };
const InlineSource = { inline: Type.Optional(Type.Array(ApplicationContent)) };
const EnvVars = { envVars: Type.Optional(StringMap) };
const RunAs = {
  runAs: Type.Optional(Type.String({ description: 'System user to run as; default the agent’s user (root).' })),
};
const Volumes = { volumes: Type.Optional(Type.Array(ApplicationVolume)) };

/** One closed application shape: the common base, tagged with its `appType`, plus the type's own fields. */
function Application<T extends AppType, P extends TProperties>(appType: T, title: string, properties: P) {
  return Type.Object(
    {
      appType: Type.Literal(appType),
      name: Type.Optional(Type.String({ description: 'Required unless the app comes from an image.' })),
      annotations: Type.Optional(Type.Record(Type.String(), Type.String(), { readOnly: true })),
      desiredState: Type.Optional(Type.Enum(ApplicationDesiredStates, { readOnly: true })),
      restartGeneration: Type.Optional(Type.Integer({ readOnly: true })),
      ...properties,
    },
    { additionalProperties: false, title },
  );
}

export const ComposeApplication = Application('compose', 'ComposeApplication', {
  ...EnvVars,
  ...Volumes,
  ...ImageSource,
  ...CatalogSource,
  ...InlineSource,
});
export type ComposeApplication = Static<typeof ComposeApplication>;

export const QuadletApplication = Application('quadlet', 'QuadletApplication', {
  ...EnvVars,
  ...RunAs,
  ...Volumes,
  ...ImageSource,
  ...CatalogSource,
  ...InlineSource,
});
export type QuadletApplication = Static<typeof QuadletApplication>;

export const ContainerApplication = Application('container', 'ContainerApplication', {
  ...EnvVars,
  ...RunAs,
  ...Volumes,
  ...ImageSource,
  ...CatalogSource,
  ports: Type.Optional(Type.Array(ApplicationPort)),
  resources: Type.Optional(ApplicationResources),
});
export type ContainerApplication = Static<typeof ContainerApplication>;

// Upstream's schema also requires `image` here, rejecting the catalog source it offers (api.md §13);
// we accept either source.
export const HelmApplication = Application('helm', 'HelmApplication', {
  ...ImageSource,
  ...CatalogSource,
  namespace: Type.Optional(Type.String({ description: 'Target namespace (a DNS label).' })),
  values: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Free-form chart values.' })),
  valuesFiles: Type.Optional(
    Type.Array(Type.String(), { description: 'Relative paths, applied in order before `values`.' }),
  ),
});
export type HelmApplication = Static<typeof HelmApplication>;

export const VmApplication = Application('vm', 'VmApplication', {
  ...ImageSource,
  ...InlineSource,
  publishPorts: Type.Optional(
    Type.Array(Type.String({ pattern: '^[0-9]+:[0-9]+(/(tcp|udp|sctp))?$', description: '"host:guest[/proto]".' })),
  ),
});
export type VmApplication = Static<typeof VmApplication>;

export const ApplicationProviderSpec = DiscriminatedUnion(
  'appType',
  [ComposeApplication, QuadletApplication, ContainerApplication, HelmApplication, VmApplication],
  { title: 'ApplicationProviderSpec' },
);
export type ApplicationProviderSpec = Static<typeof ApplicationProviderSpec>;
