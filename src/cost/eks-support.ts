// Which Kubernetes versions EKS bills at the extended-support rate ($0.60/h instead of $0.10/h):
// standard support ends about 14 months after EKS releases a version. Dates from the EKS
// Kubernetes release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)
// as known on 2026-12-01; 1.34 and later are estimates from the 14-month rule. On a running
// cluster, EKS's own upgradePolicy.supportType (DescribeCluster) is the truth: pass it instead.

export const STANDARD_SUPPORT_ENDS: Readonly<Record<string, string>> = {
  '1.28': '2024-11-26',
  '1.29': '2025-03-23',
  '1.30': '2025-07-23',
  '1.31': '2025-11-26',
  '1.32': '2026-03-23',
  '1.33': '2026-07-29',
  '1.34': '2026-12-02',
  '1.35': '2027-03-27',
  '1.36': '2027-07-30',
};

export type Support = 'standard' | 'extended';

/** standard or extended at `now`; a version older than the calendar is extended, a newer one standard */
export function supportOf(version: string, now: number): { support: Support; standardEnds?: string } {
  const ends = STANDARD_SUPPORT_ENDS[version];
  if (ends) return { support: now >= Date.parse(`${ends}T00:00:00Z`) ? 'extended' : 'standard', standardEnds: ends };
  const [major, minor] = version.split('.').map(Number);
  const known = Object.keys(STANDARD_SUPPORT_ENDS).map((v) => Number(v.split('.')[1]));
  return { support: major === 1 && minor !== undefined && minor < Math.min(...known) ? 'extended' : 'standard' };
}
