/**
 * The agent's logger: pino on stderr at the configured `log-level` (upstream's names; anything else
 * means info) with `log-prefix` in front of every message (the simulator names each agent so).
 */
import pino, { type Level, type Logger } from 'pino';

const LEVELS: Record<string, Level> = {
  panic: 'fatal',
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'trace',
};

export function logLevel(configured: string): Level {
  return LEVELS[configured.toLowerCase()] ?? 'info';
}

export function createAgentLogger(level: string, prefix: string): Logger {
  return pino({ level: logLevel(level), msgPrefix: prefix ? `${prefix}: ` : undefined }, pino.destination(2));
}
