/** The connection layer: a DataSource that survives server restarts. */
export * from './database-url';
export * from './errors';
export * from './setting-value';
export * from './pre-ping-pool';
export * from './pre-ping-driver';
export * from './readiness-probe';
export * from './health-check';
export * from './health-check-failed-error';
export * from './close-data-source';
export * from './data-source-manager';
export * from './with-reconnect';
