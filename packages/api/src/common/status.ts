/**
 * `Status` bodies: every non-2xx answer of the API (and the 200 answer of a delete) is one.
 * `ApiError` carries the HTTP code and message from wherever the problem is found to the server's error handler.
 */
import { API_VERSION_FULL, type StatusBody } from './meta.js';

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  415: 'Unsupported Media Type',
  418: "I'm a teapot",
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function reasonPhrase(code: number): string {
  return REASONS[code] ?? (code < 400 ? 'OK' : 'Error');
}

export function statusBody(code: number, message: string, reason = reasonPhrase(code)): StatusBody {
  return {
    apiVersion: API_VERSION_FULL,
    kind: 'Status',
    code,
    status: code < 400 ? 'Success' : 'Failure',
    reason,
    message,
  };
}

export const okStatus = (): StatusBody => statusBody(200, '');

export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** Overrides the HTTP reason phrase where upstream does (e.g. 418 "Auth not configured"). */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): StatusBody {
    return statusBody(this.code, this.message, this.reason);
  }
}

export const badRequest = (message: string) => new ApiError(400, message);
export const conflict = (message: string) => new ApiError(409, message);
export const notFound = (kind: string, name: string) => new ApiError(404, `${kind} of name "${name}" not found`);

export const MSG_ALREADY_EXISTS = 'a resource with this name already exists';
export const MSG_RESOURCE_VERSION_CONFLICT =
  'the object has been modified; please apply your changes to the latest version and try again';
export const MSG_UPDATE_WITH_OWNER = 'updating the resource is not allowed because it has an owner';
export const MSG_DELETE_WITH_OWNER = 'deleting the resource is not allowed because it has an owner';
export const MSG_NAME_MISMATCH = 'resource name specified in metadata does not match name in path';
export const MSG_DECOMMISSIONED = 'decommissioned device cannot be created or updated';
