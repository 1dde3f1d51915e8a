/**
 * A user's decision on a CertificateSigningRequest, written into its conditions as upstream's CLI
 * does before `PUT …/approval`: the decision's condition set to True (with Kubernetes'
 * SetStatusCondition rules), the opposite decision and any earlier signing failure removed.
 */
import { CSR_REASON, type CertificateSigningRequest, type Condition } from '@flightctl/api';

export type CsrDecision = 'Approved' | 'Denied';

const OPPOSITE: Record<CsrDecision, string> = { Approved: 'Denied', Denied: 'Approved' };

/** Sets `condition`, keeping its transition time when its status did not change. */
function setCondition(conditions: Condition[], condition: Omit<Condition, 'lastTransitionTime'>, now: string) {
  const existing = conditions.find((c) => c.type === condition.type);
  if (!existing) return [...conditions, { ...condition, lastTransitionTime: now }];
  const lastTransitionTime = existing.status === condition.status ? existing.lastTransitionTime : now;
  return conditions.map((c) => (c === existing ? { ...existing, ...condition, lastTransitionTime } : c));
}

export function decideCsr(
  csr: CertificateSigningRequest,
  decision: CsrDecision,
  now = new Date().toISOString(),
): CertificateSigningRequest {
  const reason = CSR_REASON[decision];
  const decided = setCondition(
    csr.status?.conditions ?? [],
    { type: decision, status: 'True', reason, message: reason },
    now,
  );
  const conditions = decided.filter((c) => c.type !== OPPOSITE[decision] && c.type !== 'Failed');
  return { ...csr, status: { ...csr.status, conditions } };
}
