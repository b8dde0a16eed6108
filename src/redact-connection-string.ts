/**
 * Connection strings are printed in errors and reports; their passwords never are.
 * `postgres://app:s3cret@db/x` -> `postgres://app:***@db/x`; `password=...` in
 * key/value strings likewise.
 */
export function redactConnectionString(connectionString: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(connectionString)) {
    return connectionString.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^/?#]*@/i, '$1:***@').replace(/([?&]password=)[^&]*/gi, '$1***');
  }
  return connectionString.replace(/(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1***');
}
