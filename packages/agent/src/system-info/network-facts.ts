/**
 * Network facts: the default route (IPv4 first, then IPv6, from /proc/net/route and
 * /proc/net/ipv6_route), the interfaces (/sys/class/net) with their addresses (`ip -json address`),
 * the DNS servers of /etc/resolv.conf and the FQDN (`hostname -f`).
 */
import { isIPv6 } from 'node:net';
import { type FactContext, readValue } from './fact-context.js';
import type { DefaultRoute, InterfaceFacts, NetworkFacts } from './system-facts.js';

// Name prefixes of interfaces that are virtual even when sysfs does not list them as such.
const VIRTUAL_PREFIXES = ['veth', 'virbr', 'docker', 'vnet', 'tun', 'tap', 'br', 'vlan', 'bond'];

const isLoopback = (name: string) => name.startsWith('lo');

/** `0102A8C0` (little-endian hex, as /proc/net/route writes it) → `192.168.2.1`. */
function ipv4FromHex(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return undefined;
  return [6, 4, 2, 0].map((i) => parseInt(hex.slice(i, i + 2), 16)).join('.');
}

/** 32 hex digits → the canonical (RFC 5952, compressed) IPv6 text, as the URL standard serialises it. */
function ipv6FromHex(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return undefined;
  return new URL(`http://[${hex.match(/.{4}/g)!.join(':')}]`).hostname.slice(1, -1);
}

function parseIpv4DefaultRoute(table: string): DefaultRoute | undefined {
  for (const line of table.split('\n').slice(1)) {
    const [iface, destination, gatewayHex] = line.trim().split(/\s+/);
    if (!iface || destination !== '00000000' || isLoopback(iface)) continue;
    const gateway = ipv4FromHex(gatewayHex ?? '');
    if (gateway) return { interface: iface, gateway, family: 'ipv4' };
  }
  return undefined;
}

function parseIpv6DefaultRoute(table: string): DefaultRoute | undefined {
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const iface = fields[9]!;
    if (fields[0] !== '0'.repeat(32) || fields[1] !== '00' || isLoopback(iface)) continue;
    const gateway = ipv6FromHex(fields[4]!);
    if (gateway) return { interface: iface, gateway, family: 'ipv6' };
  }
  return undefined;
}

async function defaultRoute(ctx: FactContext): Promise<DefaultRoute | undefined> {
  const ipv4 = await readValue(ctx, '/proc/net/route');
  const route = ipv4 === undefined ? undefined : parseIpv4DefaultRoute(ipv4);
  if (route) return route;
  const ipv6 = await readValue(ctx, '/proc/net/ipv6_route');
  return ipv6 === undefined ? undefined : parseIpv6DefaultRoute(ipv6);
}

interface IpAddressEntry {
  ifname?: string;
  addr_info?: { local?: string; prefixlen?: number }[];
}

/** Addresses per interface, in CIDR form, from `ip -json address show`. */
async function addressesByInterface(ctx: FactContext): Promise<Map<string, string[]>> {
  const result = await ctx.executor.execute('ip', ['-json', 'address', 'show'], {
    signal: ctx.signal,
    timeoutMs: ctx.remainingMs(),
  });
  const addresses = new Map<string, string[]>();
  if (result.exitCode !== 0) {
    ctx.logger.warn({ exitCode: result.exitCode, stderr: result.stderr.trim() }, 'listing IP addresses failed');
    return addresses;
  }
  try {
    for (const entry of JSON.parse(result.stdout) as IpAddressEntry[]) {
      if (!entry.ifname) continue;
      const cidrs = (entry.addr_info ?? [])
        .filter((a) => a.local !== undefined && a.prefixlen !== undefined)
        .map((a) => `${a.local}/${a.prefixlen}`);
      addresses.set(entry.ifname, cidrs);
    }
  } catch (err) {
    ctx.logger.warn({ err }, 'unreadable output of "ip -json address show"');
  }
  return addresses;
}

async function interfaces(ctx: FactContext): Promise<InterfaceFacts[]> {
  const names = await ctx.root.readDir('/sys/class/net');
  const addresses = await addressesByInterface(ctx);
  return Promise.all(
    names.map(async (name): Promise<InterfaceFacts> => {
      const dir = `/sys/class/net/${name}`;
      const [mac, mtu, status, virtualInSysfs] = await Promise.all([
        readValue(ctx, `${dir}/address`),
        readValue(ctx, `${dir}/mtu`),
        readValue(ctx, `${dir}/operstate`),
        ctx.root.exists(`/sys/devices/virtual/net/${name}`),
      ]);
      return {
        name,
        macAddress: mac ?? '',
        isVirtual: virtualInSysfs || VIRTUAL_PREFIXES.some((prefix) => name.startsWith(prefix)),
        ipAddresses: addresses.get(name) ?? [],
        ...(mtu && /^\d+$/.test(mtu) ? { mtu: Number(mtu) } : {}),
        status: status ?? 'unknown',
      };
    }),
  );
}

async function dnsServers(ctx: FactContext): Promise<string[] | undefined> {
  const resolvConf = await readValue(ctx, '/etc/resolv.conf');
  if (resolvConf === undefined) return undefined;
  return resolvConf
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[0] === 'nameserver' && fields[1])
    .map((fields) => fields[1]!);
}

async function fqdn(ctx: FactContext): Promise<string | undefined> {
  const result = await ctx.executor.execute('hostname', ['-f'], { signal: ctx.signal, timeoutMs: ctx.remainingMs() });
  return result.exitCode === 0 && result.stdout.trim() ? result.stdout.trim() : undefined;
}

/** Everything about the network; `withDetails` adds DNS servers and the FQDN, which only the full report shows. */
export async function networkFacts(ctx: FactContext, withDetails: boolean): Promise<NetworkFacts> {
  const facts: NetworkFacts = { interfaces: await interfaces(ctx), defaultRoute: await defaultRoute(ctx) };
  if (withDetails) {
    facts.dnsServers = await dnsServers(ctx);
    facts.fqdn = await fqdn(ctx);
  }
  return facts;
}

function isLinkLocal(cidr: string): boolean {
  const ip = cidr.split('/')[0]!;
  return isIPv6(ip) ? /^fe[89ab]/i.test(ip) : ip.startsWith('169.254.');
}

/** The default route's interface. */
export function defaultInterface(network: NetworkFacts | undefined): InterfaceFacts | undefined {
  const name = network?.defaultRoute?.interface;
  return name === undefined ? undefined : network!.interfaces.find((i) => i.name === name);
}

/** The first usable (not link-local) address of the default interface, else its first address (CIDR form). */
export function defaultAddress(network: NetworkFacts | undefined): string {
  const addresses = defaultInterface(network)?.ipAddresses ?? [];
  return addresses.find((a) => !isLinkLocal(a)) ?? addresses[0] ?? '';
}
