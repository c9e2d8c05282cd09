/**
 * The same-origin rule for requests that change state (CSRF defence next to SameSite=Lax
 * cookies): the browser's `Origin` must name this server. Behind Next the request URL may say
 * `localhost` while the browser used `127.0.0.1`, so the `Host` header (and a proxy's
 * `X-Forwarded-Host`/`-Proto`) count as this server too. A cross-site page cannot set those.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A Host-style header as `URL.host` spells it (lower case, no default port), or null. */
function hostAs(protocol: string, header: string | null): string | null {
  const first = header?.split(',')[0]?.trim();
  return first ? (parse(`${protocol}//${first}`)?.host ?? null) : null;
}

export function sameOrigin(request: Request): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  const header = request.headers.get('origin');
  // a missing Origin, or "null" (sandboxed frames, some redirects), proves nothing
  const origin = header && header !== 'null' ? parse(header) : null;
  if (!origin || (origin.protocol !== 'http:' && origin.protocol !== 'https:')) return false;
  if (origin.origin === parse(request.url)?.origin) return true;
  const forwardedHost = hostAs(origin.protocol, request.headers.get('x-forwarded-host'));
  if (forwardedHost) {
    const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
    if (forwardedHost === origin.host && (!proto || `${proto}:` === origin.protocol)) return true;
  }
  return hostAs(origin.protocol, request.headers.get('host')) === origin.host;
}
