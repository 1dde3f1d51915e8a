/**
 * Preloaded (`--import`) into an agent process by a test: at exit, writes every module the process
 * loaded (ES modules as seen by the loader, CommonJS ones from the require cache), one URL or path a
 * line, to the file named by FLIGHTCTL_LOADED_MODULES.
 */
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const loaded = new Set<string>();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url: string) => loaded.add(url));
port1.unref();

// The loader hooks run on their own thread; they report each resolved module back over the port.
const hooks = `
let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  port.postMessage(resolved.url);
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] });

process.on('exit', () => {
  const required = Object.keys(createRequire(import.meta.url).cache);
  writeFileSync(process.env.FLIGHTCTL_LOADED_MODULES!, [...loaded, ...required].join('\n'));
});
