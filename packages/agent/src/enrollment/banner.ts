/**
 * The console login banner (ref/agent.md §2.2 steps 4 and 6): where to approve the device while it
 * waits for enrollment, and where to manage it afterwards. Upstream also draws the URL as a QR code;
 * this agent writes the URL and the device name as plain text only.
 */
import type { RootDir } from '../os/root-dir.js';

export const BANNER_PATH = '/etc/issue.d/flightctl-banner.issue';
const BANNER_MODE = 0o644;

const url = (uiEndpoint: string, action: 'enroll' | 'manage', deviceName: string) =>
  `${uiEndpoint.replace(/\/+$/, '')}/${action}/${deviceName}`;

export function enrollmentBanner(uiEndpoint: string, deviceName: string): string {
  return `Flight Control device ${deviceName} is waiting for enrollment approval.\nApprove it at: ${url(uiEndpoint, 'enroll', deviceName)}\n\n`;
}

export function managementBanner(uiEndpoint: string, deviceName: string): string {
  return `Flight Control device ${deviceName} is enrolled.\nManage it at: ${url(uiEndpoint, 'manage', deviceName)}\n\n`;
}

export function writeBanner(root: RootDir, text: string): Promise<void> {
  return root.writeFileAtomic(BANNER_PATH, text, BANNER_MODE);
}
