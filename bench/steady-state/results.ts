/** What one run of the benchmark measured, as the report shows it. */
import type { Latencies } from './analysis.js';
import type { BareServerResult } from './baselines.js';
import type { RawUpdateResult } from './raw-update-worker.js';
import type { RealAgentResult } from './real-agent.js';

export interface SimulatorFigures {
  processes: number;
  /** CPU of every simulator process in the steady window, in seconds. */
  cpuSeconds: number;
  rssBytes: number;
  /** The worst event-loop delay p99 of the simulator processes in the steady window. */
  loopDelayP99Ms: number;
}

export interface SteadyWindow {
  seconds: number;
  serviceCpuSeconds: number;
  serviceRssBytes: number;
  /** Highest RSS of the service in the window (VmHWM reset at its start) and before it (enrollment). */
  servicePeakBytes: number;
  serviceSetupPeakBytes: number;
  /** Agent requests that completed in the window, by operation. */
  requests: Record<string, number>;
  statusPut: Latencies;
  simulators: SimulatorFigures;
}

export interface RunResults {
  devices: number;
  enrolled: number;
  failed: number;
  /** From starting the simulators to every device Online and up to date with its first spec. */
  onboardingSeconds: number;
  onboarding: { immediateGet: Latencies; statusPut: Latencies };
  steady: SteadyWindow;
  /** Spec changes at a steady rate, one device at a time: the long poll's wake-up and the status PUTs that follow. */
  trickle: {
    devices: number;
    perSecond: number;
    wakeUp: Latencies;
    statusPut: Latencies;
    /** The same PUTs as the service timed them (its request log). */
    servedStatusPut: Latencies;
  };
  /** Spec changes of many devices of the steady fleet at once: the long poll's wake-up, and the status PUTs that follow. */
  wake: {
    devices: number;
    wakeUp: Latencies;
    reported: Latencies;
    statusPut: Latencies;
    /** The same PUTs as the service timed them (its request log). */
    servedStatusPut: Latencies;
  };
  /** Devices that joined the steady fleet, spread over a while: their first poll after their first spec is answered at once. */
  joiners: {
    devices: number;
    /** Their agents started at random within this many seconds. */
    spreadSeconds: number;
    /** Until every one was up to date. */
    seconds: number;
    immediateGet: Latencies;
    statusPut: Latencies;
    servedImmediateGet: Latencies;
  };
  realAgent: RealAgentResult;
  bareHttp: BareServerResult;
  bareHttps: BareServerResult;
  raw: RawUpdateResult;
}
