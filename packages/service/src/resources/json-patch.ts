/** RFC 6902 JSON Patch with upstream's operation set (add, replace, remove, test); failures are 400s. */
import fastJsonPatch from 'fast-json-patch';
import { badRequest, type PatchRequest } from '@flightctl/api';

const { applyPatch, JsonPatchError } = fastJsonPatch;

export function applyJsonPatch<T>(document: T, operations: PatchRequest): T {
  try {
    return applyPatch(structuredClone(document), operations as never, true, false).newDocument;
  } catch (err) {
    if (err instanceof JsonPatchError) {
      const op = err.operation as { op?: string; path?: string } | undefined;
      const what = err.name === 'TEST_OPERATION_FAILED' ? 'test operation failed' : err.message.split('\n')[0];
      throw badRequest(`unable to apply patch: ${op?.op ?? ''} ${op?.path ?? ''}: ${what}`.replace(/\s+/g, ' '));
    }
    throw err;
  }
}
