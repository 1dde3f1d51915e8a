/**
 * Everything the agent knows how to find out about its machine, in the shape (and JSON names) that
 * `flightctl-agent system-info` prints upstream. The device status reports a flat selection of these
 * facts (DeviceSystemInfo); this is the full picture they are projected from.
 */

export interface ProcessorFacts {
  id: number;
  numCores: number;
  numThreads: number;
  numThreadsPerCore: number;
  vendor: string;
  model: string;
}

export interface CpuFacts {
  total_cores: number;
  total_threads: number;
  architecture: string;
  /** One entry per physical package (socket). */
  processors: ProcessorFacts[];
}

export interface MemoryFacts {
  totalKb: number;
}

export interface InterfaceFacts {
  name: string;
  macAddress: string;
  isVirtual: boolean;
  /** Addresses in CIDR form (`192.0.2.2/24`). */
  ipAddresses: string[];
  mtu?: number;
  status?: string;
}

export interface DefaultRoute {
  interface: string;
  gateway: string;
  family: 'ipv4' | 'ipv6';
}

export interface NetworkFacts {
  interfaces: InterfaceFacts[];
  defaultRoute?: DefaultRoute;
  dnsServers?: string[];
  fqdn?: string;
}

export interface GpuFacts {
  index: number;
  vendor: string;
  model: string;
  deviceId?: string;
  pciAddress?: string;
  revisionId?: string;
  vendorId?: string;
  memoryBytes?: number;
  architecture?: string;
  features?: string[];
}

export interface BiosFacts {
  vendor: string;
  version: string;
  date?: string;
}

export interface SystemBoardFacts {
  manufacturer: string;
  productName: string;
  serialNumber?: string;
  uuid?: string;
  version?: string;
  family?: string;
  sku?: string;
}

export interface HardwareFacts {
  cpu?: CpuFacts;
  memory?: MemoryFacts;
  network?: NetworkFacts;
  gpu?: GpuFacts[];
  bios?: BiosFacts;
  system?: SystemBoardFacts;
}

export interface BootFacts {
  /** RFC 3339, UTC. */
  bootTime?: string;
  bootID?: string;
}

export interface SystemFacts {
  hostname: string;
  architecture: string;
  operatingSystem: string;
  kernel: string;
  /** From os-release: `name`, `version`, `id`, `version_id`, `pretty_name`. */
  distribution?: Record<string, string>;
  hardware: HardwareFacts;
  collectedAt: string;
  metadata?: Record<string, string>;
  boot?: BootFacts;
  custom?: Record<string, string>;
}
