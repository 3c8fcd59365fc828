/** The connection layer: a DataSource that survives server restarts. */
export * from './database-url';
export * from './database-url-error';
export { ReseedError } from '../errors';
export * from './classify-error';
export * from './describe-connection-error';
export * from './connection-lost-error';
export * from './fatal-connection-error';
export * from './readiness-timeout-error';
export * from './not-ready-error';
export * from './setting-value';
export * from './pre-ping-pool';
export * from './pre-ping-driver';
export * from './readiness-probe';
export * from './health-check';
export * from './health-check-failed-error';
export * from './close-data-source';
export * from './data-source-manager';
export * from './with-reconnect';
