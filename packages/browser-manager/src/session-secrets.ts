import { isCredentialHeader, REDACTED, redactOptions, type SessionOptions } from '@marketbridge/api-types';

/**
 * The secrets of a session's options — the proxy password and the values of credential-like headers —
 * kept apart from its state file: the state file holds the options redacted, `<name>.secrets` (0600,
 * next to it) the values. Nothing else on disk, in the registry or in a log has them.
 */
export interface SessionSecrets {
  version: 1;
  proxyPassword?: string;
  /** Header name → value, for the credential-like headers only. */
  headers?: Record<string, string>;
}

/** The options as the state file keeps them (redacted), and their secrets (undefined when none). */
export function splitSecrets(options: SessionOptions): {
  stored: SessionOptions;
  secrets: SessionSecrets | undefined;
} {
  const headers = Object.fromEntries(
    Object.entries(options.extraHTTPHeaders ?? {}).filter(([name]) => isCredentialHeader(name)),
  );
  const password = options.proxy?.password;
  if (password === undefined && Object.keys(headers).length === 0)
    return { stored: options, secrets: undefined };
  return {
    stored: redactOptions(options),
    secrets: {
      version: 1,
      ...(password !== undefined ? { proxyPassword: password } : {}),
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
    },
  };
}

/**
 * The options with their secrets put back. A secret the file does not have (deleted, or written by a
 * process that died before it) is left out — the header not sent, the proxy asked without a password
 * — and named in `missing`, never sent as the redaction mark.
 */
export function joinSecrets(
  stored: SessionOptions,
  secrets: SessionSecrets | undefined,
): { options: SessionOptions; missing: string[] } {
  const missing: string[] = [];
  const options: SessionOptions = { ...stored };
  if (stored.proxy?.password === REDACTED) {
    const { password: _redacted, ...proxy } = stored.proxy;
    const password = secrets?.proxyPassword;
    if (password === undefined) missing.push('proxy.password');
    options.proxy = password === undefined ? proxy : { ...proxy, password };
  }
  if (stored.extraHTTPHeaders) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(stored.extraHTTPHeaders)) {
      if (value !== REDACTED || !isCredentialHeader(name)) headers[name] = value;
      else if (secrets?.headers?.[name] !== undefined) headers[name] = secrets.headers[name];
      else missing.push(`extraHTTPHeaders.${name}`);
    }
    options.extraHTTPHeaders = headers;
  }
  return { options, missing };
}
