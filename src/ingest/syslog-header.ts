/**
 * The header syslog puts before each PostgreSQL line:
 * `Feb 11 13:15:39 host postgres[10808]: [3-2] ` (BSD) or an RFC 3339 time.
 * Group 1 time, 2 pid, 3 chunk number within the message line.
 */
export const SYSLOG_HEADER =
  /^([A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?) \S+ [^\s[]+\[(\d+)\]: \[\d+-(\d+)\] /;
