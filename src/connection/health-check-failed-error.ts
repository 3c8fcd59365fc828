import { ReseedError } from '../errors';
import type { HealthReport } from './health-check';

/** Code of HealthCheckFailedError. */
export const HEALTH_CHECK_FAILED = 'RESEED_HEALTH_CHECK_FAILED';

/** A (re)connect worked but the health check did not pass: wrong database, missing table, setting not in effect. */
export class HealthCheckFailedError extends ReseedError {
  /** The full report, for the tuning step and the CLI. */
  readonly report: HealthReport;
  constructor(report: HealthReport, where: string, options?: ErrorOptions) {
    super(HEALTH_CHECK_FAILED, `health check of ${where} failed: ${report.problems.join('; ')}`, options);
    this.report = report;
  }
}
