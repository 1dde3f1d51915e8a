/** Repositories: secrets never leave the server; a client sending the mask back keeps the stored secret. */
import {
  FIELD_CATALOGS,
  Repository,
  keepMaskedRepositorySecrets,
  maskRepositorySecrets,
  validateRepository,
} from '@flightctl/api';
import { repositories } from '../store/schema.js';
import { SELECTABLE_COLUMNS } from '../store/selectable-columns.js';
import type { ResourceKind } from './resource-kind.js';

export const repositoryKind: ResourceKind<Repository> = {
  kind: 'Repository',
  listKind: 'RepositoryList',
  plural: 'repositories',
  schema: Repository,
  validate: validateRepository,
  store: (s) => s.repositories.withType<Repository>(),
  initialStatus: () => ({ conditions: [] }),
  catalog: FIELD_CATALOGS.Repository,
  columns: SELECTABLE_COLUMNS.Repository,
  labels: repositories.labels,
  present: maskRepositorySecrets,
  keepSecrets: keepMaskedRepositorySecrets,
};
