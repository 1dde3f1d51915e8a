/**
 * PostgreSQL errors, read the same way from node-postgres and PGlite errors; Drizzle wraps both in
 * a DrizzleQueryError whose `cause` is the driver's error.
 */
import { badRequest } from '@flightctl/api';

interface DriverError {
  code: string;
  message: string;
}

function driverError(err: unknown): DriverError | undefined {
  for (let e = err; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    if (typeof (e as { code?: unknown }).code === 'string') return e as DriverError;
  }
  return undefined;
}

export const isUniqueViolation = (err: unknown) => driverError(err)?.code === '23505';
export const isForeignKeyViolation = (err: unknown) => driverError(err)?.code === '23503';

/**
 * A value too large for an index it is in (54000, e.g. device labels beyond what fits beside the
 * name in an index row) is the client's to fix: a 400 naming the limit, not a 500.
 */
export function tooLargeAsBadRequest(err: unknown): unknown {
  const e = driverError(err);
  return e?.code === '54000' ? badRequest(`the object is too large to store: ${e.message}`) : err;
}
