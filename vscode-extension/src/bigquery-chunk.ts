// The lazy BigQuery chunk (dist/bigquery.cjs): the BigQuery client and the OAuth client it
// authenticates with, loaded only when a BigQuery import runs, so the main bundle stays small.
export * from '@google-cloud/bigquery';
export { OAuth2Client } from 'google-auth-library';
