/**
 * The image builder and remote access endpoints login derives from the API URL (ref/clients.md
 * §1.4), so `app console` and the image commands work without further setup.
 */
import type { ServiceEntry } from './client-config.js';

export interface DerivedServices {
  imageBuilderService: ServiceEntry;
  remoteAccessService: ServiceEntry;
}

/** Upstream's three deployment shapes: OpenShift routes, the standalone ports, a gateway with paths. */
function derivedUrl(api: URL, routePrefix: string, port: string, gatewayPath: string): string {
  const url = new URL(api.origin);
  if (api.hostname.startsWith('api.') && ['', '80', '443'].includes(api.port)) {
    url.hostname = `${routePrefix}${api.hostname.slice('api.'.length)}`;
  } else if (api.port === '3443') {
    url.port = port;
  } else {
    url.pathname = gatewayPath;
  }
  return url.toString().replace(/\/$/, '');
}

/** The TLS settings of the API entry carry over: the services use the same CA. */
export function deriveServices(service: ServiceEntry & { server: string }): DerivedServices {
  const api = new URL(service.server);
  const { server: _server, ...tls } = service;
  return {
    imageBuilderService: { server: derivedUrl(api, 'imagebuilder-api.', '8445', '/_/imagebuilder'), ...tls },
    remoteAccessService: { server: derivedUrl(api, 'remote-access.', '3444', '/_/remote-access'), ...tls },
  };
}
