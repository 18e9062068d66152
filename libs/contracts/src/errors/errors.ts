/**
 * Error codes shared by every part of podnet. Domain libraries throw errors carrying one of these;
 * the API maps each code once to an HTTP status and a GraphQL error code, the CLI to an exit code.
 */
export const ErrorCode = {
  BadInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  UnknownInstanceType: 'UNKNOWN_INSTANCE_TYPE',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A path into a JSON document: keys and array indexes. */
export type JsonPath = ReadonlyArray<string | number>;

/** One thing wrong with the input, located precisely enough to fix it. */
export interface InputIssue {
  /** The file (or `<stdin>`, `<content>`) the value came from, when known. */
  file?: string;
  /** JSON path inside the document, e.g. `["cluster","serviceCIDRs",0]`. */
  path: JsonPath;
  /** 1-based line in the YAML/JSON source, when known. */
  line?: number;
  /** The offending value, when there is one. */
  value?: unknown;
  /** Why it is wrong, in words. */
  message: string;
}

/** Base class for errors podnet raises on purpose; everything else is a bug. */
export class PodnetError extends Error {
  override readonly name: string = 'PodnetError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The design or the manifests are wrong. Carries every issue found, each with its file, path,
 * line and value, so that one run reports all of them.
 *
 * @example
 * throw new DesignError([{ path: ['cluster', 'serviceCIDRs', 0], value: '10.0.0.0/33', message: 'not a CIDR' }]);
 */
export class DesignError extends PodnetError {
  override readonly name = 'DesignError';
  constructor(readonly issues: readonly InputIssue[]) {
    super(ErrorCode.BadInput, issues.map(formatIssue).join('\n'));
  }
}

/** Renders a JSON path as `cluster.serviceCIDRs[0]`. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out === '' ? '(document)' : out;
}

function formatValue(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * One line per issue: `file:line: path: value: message`.
 *
 * @example
 * formatIssue({ file: 'd.yaml', line: 4, path: ['cluster','podCIDRs',0], value: 'x', message: 'not a CIDR' })
 * // => 'd.yaml:4: cluster.podCIDRs[0]: "x": not a CIDR'
 */
export function formatIssue(issue: InputIssue): string {
  const where = [issue.file, issue.line].filter((v) => v !== undefined).join(':');
  const value = formatValue(issue.value);
  return `${where ? `${where}: ` : ''}${formatPath(issue.path)}: ${value ? `${value}: ` : ''}${issue.message}`;
}
