// The retention labels are kept once, in @candor/policy, for this site and the gateway's own pages.
export { RETENTION_LABELS, type RetentionRow, retentionRows } from '@candor/policy';
