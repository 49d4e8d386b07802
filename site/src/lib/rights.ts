// The rights and deadlines are kept once, in @candor/policy, for this site and the gateway's own pages.
export { ANSWER_DEADLINE, DEADLINES, type Jurisdiction, RIGHTS, type Right, type RightId } from '@candor/policy';
