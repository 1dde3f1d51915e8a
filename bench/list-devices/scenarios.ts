/** The measured operations, their API requests and targets (from the issue), shared by both sides. */
import { SELECTOR_TEXT } from './devices.js';

export type ScenarioId = 'page' | 'walk' | 'summary' | 'summary-selector';

export interface Scenario {
  id: ScenarioId;
  label: string;
  /** Path and query of the first request. */
  path: string;
  /** What the issue asks for; checked against p95 and the memory the operation adds. */
  target?: { p95Ms: number; deltaMb?: number };
}

const selector = encodeURIComponent(SELECTOR_TEXT);

/** The API's page size when no limit is given (MAX_LIST_LIMIT), which the walk uses. */
export const DEFAULT_PAGE = 1000;
export const SMALL_PAGE = 100;

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'page',
    label: '(a) one page of 100, 4-label selector',
    path: `/api/v1/devices?labelSelector=${selector}&limit=${SMALL_PAGE}`,
    target: { p95Ms: 20 },
  },
  {
    id: 'walk',
    label: '(b) whole list, 4-label selector, default pages',
    path: `/api/v1/devices?labelSelector=${selector}`,
    target: { p95Ms: 1000, deltaMb: 100 },
  },
  {
    id: 'summary',
    label: '(c) summary of all devices',
    path: '/api/v1/devices?summaryOnly=true',
    target: { p95Ms: 200 },
  },
  {
    id: 'summary-selector',
    label: '(c) summary, 4-label selector',
    path: `/api/v1/devices?summaryOnly=true&labelSelector=${selector}`,
    target: { p95Ms: 200 },
  },
];
