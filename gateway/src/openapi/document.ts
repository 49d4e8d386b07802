// The OpenAPI 3.1 document of Candor's public HTTP API, written by hand to match the routes.
// Paths are split by area; keep each in step with the route it describes (openapi.test.ts checks
// that every documented /api/ path is routed and every API route is documented).
import { publicPaths } from './paths-public.ts';
import { requestPaths } from './paths-requests.ts';
import { statsParameters, statsPaths } from './paths-stats.ts';
import { systemPaths } from './paths-systems.ts';
import { unsubscribePaths } from './paths-unsubscribe.ts';
import { components } from './schemas.ts';

/** gateway/package.json's version (checked by the test; a JSON import would need import attributes). */
export const API_VERSION = '0.1.0';

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Candor API',
    version: API_VERSION,
    description:
      "Candor's HTTP API: the analytics beacon, consent records, unsubscribe links and suppressions, privacy requests, the stats API and health checks. Every " +
      'response carries an `x-request-id` header; errors are RFC 9457 `application/problem+json` with `type` ' +
      '(`urn:candor:problem:<code>`), `title`, `status`, `detail` and `requestId`. Write routes refuse bodies ' +
      'over 64 KB (other limits where noted). An unknown `/api/` route is a 404 problem.',
  },
  servers: [{ url: '/' }],
  tags: [
    { name: 'analytics', description: 'The cookieless tracker beacon.' },
    { name: 'consent', description: 'Proof of consent for the cookie banner.' },
    { name: 'email', description: 'Unsubscribe links and the suppression list, for the email sender.' },
    { name: 'requests', description: 'Privacy requests (GDPR and CCPA rights) from visitors and connected systems.' },
    { name: 'stats', description: 'Aggregate reports for marketers (API key or staff session).' },
    { name: 'health', description: 'Probes for the orchestrator.' },
    { name: 'meta', description: 'This document.' },
  ],
  paths: { ...publicPaths, ...statsPaths, ...unsubscribePaths, ...requestPaths, ...systemPaths },
  components: { ...components, parameters: statsParameters },
};
