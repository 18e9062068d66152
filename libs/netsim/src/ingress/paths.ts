/**
 * Ingress `Exact` path match: the URL path equals the rule's path, case-sensitively (networking/v1 types.go).
 *
 * @example
 * exactPathMatches('/foo', '/foo/') // => false
 */
export function exactPathMatches(rulePath: string, requestPath: string): boolean {
  return rulePath === requestPath;
}

function elements(path: string): string[] {
  return path.split('/').filter((e) => e !== '');
}

/**
 * Ingress `Prefix` (and Gateway `PathPrefix`) match: the path split on `/` is compared element by element,
 * case-sensitively; trailing slashes are ignored; the last element must match whole (`/aaa/bb` does not match
 * `/aaa/bbb`); `/` matches everything (kubernetes/website ingress.md examples table).
 *
 * @example
 * prefixPathMatches('/aaa/bbb', '/aaa/bbb/ccc') // => true
 * prefixPathMatches('/aaa/bbb', '/aaa/bbbxyz') // => false
 */
export function prefixPathMatches(rulePath: string, requestPath: string): boolean {
  const rule = elements(rulePath);
  const req = elements(requestPath);
  if (rule.length > req.length) return false;
  for (let i = 0; i < rule.length; i += 1) if (rule[i] !== req[i]) return false;
  return true;
}

/** The path part of a request target (before `?`), and its query parameters. */
export function splitTarget(target: string): { path: string; query: Map<string, string> } {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  const query = new Map<string, string>();
  if (q >= 0) {
    for (const pair of target.slice(q + 1).split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      const k = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
      if (!query.has(k)) query.set(k, decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1)));
    }
  }
  return { path: path === '' ? '/' : path, query };
}

/** A Host header without its port, lower-cased (DNS names compare case-insensitively). */
export function hostWithoutPort(host: string | undefined): string | undefined {
  if (host === undefined || host === '') return undefined;
  const h = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return h.toLowerCase().replace(/\.$/, '');
}
