// The lazy BigQuery chunk (dist/bigquery.mjs): the BigQuery client and the OAuth client it
// authenticates with, loaded only when a BigQuery import runs, so the main bundle stays small.
// Named re-exports (not `export *`): the packages are CommonJS, whose names an ESM bundle
// cannot list statically.
import { BigQuery } from '@google-cloud/bigquery';
import { OAuth2Client } from 'google-auth-library';

export { BigQuery, OAuth2Client };
