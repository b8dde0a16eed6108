import { SEVERITIES, type Severity } from '../analyze/types.js';

/** True when `severity` is `threshold` or worse. */
export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}
