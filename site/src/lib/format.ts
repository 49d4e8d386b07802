// Dates are formatted once, in @candor/policy, so the site and the gateway's pages print them alike.
export { formatDate, isoDate } from '@candor/policy';
