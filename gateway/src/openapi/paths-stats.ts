// Paths of the stats API (reports/routes.ts; parameters in reports/params.ts and reports/README.md).
import { MAX_FILTER_VALUES, MAX_FILTERS, MAX_VALUE_LENGTH } from '../reports/filters.ts';
import { MAX_HOURLY_DAYS, MAX_LIMIT, MAX_RANGE_DAYS, PERIODS, PROP_ALIASES } from '../reports/params.ts';
import { INTERVALS, SESSION_DIMENSIONS } from '../reports/port.ts';
import { ref, response } from './schemas.ts';

const query = (name: string, description: string, schema: object) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

const PROPERTIES = ['page', 'event', ...SESSION_DIMENSIONS, ...PROP_ALIASES.keys()];

/** The stats query parameters, as `components.parameters`. */
export const statsParameters = {
  site: query('site', 'A site id or one of its hostnames. Optional when the config has one site.', {
    type: 'string',
    maxLength: 253,
  }),
  period: query(
    'period',
    'A range ending today (in `tz`): `today`, `7d`, `30d` (default), `month` (the 1st to today), `12m` ' +
      '(the 1st of the month 11 months ago to today). Not with `from`/`to`.',
    { type: 'string', enum: [...PERIODS], default: '30d' },
  ),
  from: query('from', `The first day, inclusive, in \`tz\`. Needs \`to\`; at most ${MAX_RANGE_DAYS} days.`, {
    type: 'string',
    format: 'date',
  }),
  to: query('to', 'The last day, inclusive, in `tz`. Needs `from`, not before it.', { type: 'string', format: 'date' }),
  tz: query('tz', "An IANA time zone, e.g. Europe/Berlin. Default: the site's `timezone`.", {
    type: 'string',
    maxLength: 64,
  }),
  filters: query(
    'filters',
    '`filter *(";" filter)`, `filter = dimension ("==" | "!=") value *("|" value)`. `==` is "is one of", `!=` ' +
      '"is none of"; a backslash escapes `;`, `|` or `\\`; an empty value is allowed (`source==` is direct traffic). ' +
      `Dimensions: \`page\`, \`event\`, ${SESSION_DIMENSIONS.map((d) => `\`${d}\``).join(', ')}. ` +
      `At most ${MAX_FILTERS} filters, ${MAX_FILTER_VALUES} values each, ${MAX_VALUE_LENGTH} characters a value. ` +
      'Every filter selects whole visits. URL-encode the whole parameter, e.g. `country==DE|AT;page!=/pricing`.',
    { type: 'string', maxLength: 8192 },
  ),
  compare: query('compare', 'Adds `comparison`: the same number of days just before `from`.', {
    type: 'string',
    enum: ['previous'],
  }),
  goal: query('goal', '`event:<name>` or `page:/<path>`: adds `conversions` and `conversion_rate`.', {
    type: 'string',
    pattern: '^(event:.{1,120}|page:/.{0,1023})$',
  }),
  format: query('format', '`csv` answers text/csv (an attachment) instead of JSON.', {
    type: 'string',
    enum: ['json', 'csv'],
    default: 'json',
  }),
  interval: query(
    'interval',
    `Bucket size: \`hour\` (ranges up to ${MAX_HOURLY_DAYS} days), \`day\`, \`week\` (ISO, Monday), \`month\`. ` +
      'Default: `hour` for one day, `day` up to 92 days, else `month`.',
    { type: 'string', enum: [...INTERVALS] },
  ),
  property: {
    ...query(
      'property',
      'What to break down by. `prop:<key>` needs `event`. `outbound_link`, `file_download` and `not_found` are ' +
        'the `url`/`url`/`path` prop of the built-in events `Outbound Link: Click`, `File Download` and `404`.',
      {
        anyOf: [
          { type: 'string', enum: PROPERTIES },
          { type: 'string', pattern: '^prop:[^"\\\\]{1,100}$' },
        ],
      },
    ),
    required: true,
  },
  event: query('event', 'With `property=prop:<key>` only: the event whose prop is broken down.', {
    type: 'string',
    minLength: 1,
    maxLength: 120,
  }),
  limit: query('limit', 'Rows per page.', { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 100 }),
  page: query('page', 'The page, from 1; `more` in the answer says whether a next page has rows.', {
    type: 'integer',
    minimum: 1,
    maximum: 100000,
    default: 1,
  }),
};

type ParamName = keyof typeof statsParameters;
const COMMON: ParamName[] = ['site', 'period', 'from', 'to', 'tz', 'filters', 'compare', 'goal', 'format'];
const params = (names: ParamName[]) => names.map((name) => ref('parameters', name));

const auth = [{ apiKey: ['stats:read'] }, { session: [] }];
const errors = {
  '400': ref('responses', 'BadRequest'),
  '401': ref('responses', 'Unauthorized'),
  '403': ref('responses', 'Forbidden'),
  '500': ref('responses', 'Internal'),
};
const csvAttachment = {
  'text/csv': {
    schema: {
      type: 'string',
      description:
        'With `format=csv` (an attachment): a header row and one row per result; `previous_*` columns with ' +
        "`compare`. Cells that a spreadsheet would run as a formula get a leading `'`.",
    },
  },
};
const disposition = { 'content-disposition': ref('headers', 'ContentDisposition') };
const NOTE =
  'Needs an API key with `stats:read` or a staff session (admin, marketer); auth runs before any parameter is ' +
  'read. Unknown and repeated parameters are refused with 400, whose `detail` starts with the parameter name.';

const report = (operationId: string, summary: string, names: ParamName[], schema: string, more = '') => ({
  get: {
    operationId,
    tags: ['stats'],
    summary,
    description: `${more}${more ? '\n\n' : ''}${NOTE}`,
    security: auth,
    parameters: params(names),
    responses: {
      '200': response(
        'The report, as JSON or (with `format=csv`) CSV.',
        { 'application/json': { schema: ref('schemas', schema) }, ...csvAttachment },
        { 'cache-control': { schema: { const: 'no-store' } }, ...disposition },
      ),
      ...errors,
    },
  },
});

export const statsPaths = {
  '/api/stats/summary': report('getStatsSummary', 'Totals of the range', COMMON, 'SummaryReport'),
  '/api/stats/timeseries': report(
    'getStatsTimeseries',
    'The metrics per time bucket',
    [...COMMON, 'interval'],
    'TimeseriesReport',
    'Every bucket of the range, zeros included; each visit counts in the bucket of its entry pageview, so the buckets sum to the summary.',
  ),
  '/api/stats/breakdown': report(
    'getStatsBreakdown',
    'The metrics per value of a property',
    [...COMMON, 'property', 'event', 'limit', 'page'],
    'BreakdownReport',
  ),
  '/api/stats/realtime': report(
    'getStatsRealtime',
    'Current visitors (the last 5 minutes)',
    ['site', 'format'],
    'RealtimeReport',
  ),
  '/api/stats/export': {
    get: {
      operationId: 'exportStats',
      tags: ['stats'],
      summary: 'Every report of the range as one zip of CSVs',
      description:
        '`summary.csv`, `timeseries-<interval>.csv` and `breakdown-<property>.csv` for every property (first 1,000 ' +
        `rows each), each byte for byte what \`format=csv\` answers.\n\n${NOTE}`,
      security: auth,
      parameters: params([...COMMON.filter((name) => name !== 'format'), 'interval']),
      responses: {
        '200': response(
          'A zip archive (attachment).',
          { 'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } } },
          { 'cache-control': { schema: { const: 'no-store' } }, ...disposition },
        ),
        ...errors,
      },
    },
  },
};
