import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACTIONS, matches, parseSelection } from './actions';
import { errorXml, toXml, type XmlValue } from './xml';

type Item = { [key: string]: XmlValue };

/** Records the fake serves, in the EC2 Query API's XML shape (camelCase keys, lists as arrays). */
export interface Ec2FakeData {
  instanceTypes?: Item[];
  subnets?: Item[];
  networkInterfaces?: Item[];
}

/** One request the fake received (for assertions on paging and retries). */
export interface Ec2FakeRequest {
  readonly action: string;
  readonly params: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface Ec2FakeOptions {
  /** Items per page when the request gives no MaxResults (default 100). */
  readonly pageSize?: number;
}

/** A running fake EC2 endpoint on 127.0.0.1. */
export interface Ec2Fake {
  /** `http://127.0.0.1:<port>`: pass as the SDK's `endpoint`. */
  readonly url: string;
  readonly requests: Ec2FakeRequest[];
  /** Replaces a data set (e.g. to reconcile against a changed VPC). */
  setData(data: Ec2FakeData): void;
  /**
   * Answers the next `times` calls of `action` (or of any action) with an error, by default EC2's throttling
   * error `RequestLimitExceeded` with HTTP 503, so that SDK retries can be exercised.
   */
  injectError(times: number, options?: { action?: string; code?: string; status?: number }): void;
  close(): Promise<void>;
}

const DEFAULT_PAGE = 100;
const XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a fake EC2 Query API endpoint (DescribeInstanceTypes, DescribeSubnets, DescribeNetworkInterfaces) on
 * 127.0.0.1 with a random port, serving `data` with NextToken paging, id and filter selection and injectable
 * errors. It speaks the XML the AWS SDK for JavaScript v3 parses; it does not check signatures.
 *
 * @example
 * const fake = await startEc2Fake({ instanceTypes: [m5large] });
 * const client = new EC2Client({ region: 'us-east-1', endpoint: fake.url, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
 * await fake.close();
 */
export async function startEc2Fake(
  initial: Ec2FakeData = {},
  options: Ec2FakeOptions = {},
): Promise<Ec2Fake> {
  let data: Ec2FakeData = { ...initial };
  const requests: Ec2FakeRequest[] = [];
  const errors: { action: string | undefined; code: string; status: number; remaining: number }[] =
    [];
  let counter = 0;

  const send = (
    response: ServerResponse,
    status: number,
    body: string,
    action: string,
    params: Record<string, string>,
  ) => {
    requests.push({ action, params, status });
    response.writeHead(status, {
      'content-type': 'text/xml;charset=UTF-8',
      'x-amzn-requestid': `fake-${counter}`,
    });
    response.end(body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    counter++;
    const requestId = `fake-${counter}`;
    const body =
      request.method === 'POST'
        ? await readBody(request)
        : ((request.url ?? '').split('?')[1] ?? '');
    const params = new URLSearchParams(body);
    const plain = Object.fromEntries(params);
    const action = params.get('Action') ?? '';
    const injected = errors.find(
      (e) => e.remaining > 0 && (e.action === undefined || e.action === action),
    );
    if (injected !== undefined) {
      injected.remaining--;
      const message =
        injected.code === 'RequestLimitExceeded'
          ? 'Request limit exceeded.'
          : `Injected ${injected.code}`;
      return send(
        response,
        injected.status,
        errorXml(injected.code, message, requestId),
        action,
        plain,
      );
    }
    const spec = ACTIONS[action];
    if (spec === undefined) {
      return send(
        response,
        400,
        errorXml(
          'InvalidAction',
          `The action ${action} is not valid for this web service.`,
          requestId,
        ),
        action,
        plain,
      );
    }
    let selected: Item[];
    try {
      const { ids, filters } = parseSelection(params, spec);
      selected = (data[spec.data] ?? []).filter((item) => matches(item, spec, ids, filters));
    } catch (error) {
      const [code, message] = (error as Error).message.split(': ');
      return send(
        response,
        400,
        errorXml(code ?? 'InvalidParameterValue', message ?? '', requestId),
        action,
        plain,
      );
    }
    const pageSize = Number(params.get('MaxResults') ?? options.pageSize ?? DEFAULT_PAGE);
    const start = Number(params.get('NextToken') ?? '0');
    if (!Number.isInteger(start) || start < 0 || start > selected.length) {
      return send(
        response,
        400,
        errorXml('InvalidNextToken', 'The specified NextToken is not valid.', requestId),
        action,
        plain,
      );
    }
    const page = selected.slice(start, start + pageSize);
    const next = start + pageSize < selected.length ? String(start + pageSize) : undefined;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${XMLNS}"><requestId>${requestId}</requestId>${toXml(spec.setName, page)}${next === undefined ? '' : toXml('nextToken', next)}</${action}Response>`;
    return send(response, 200, xml, action, plain);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setData(next) {
      data = { ...next };
    },
    injectError(times, injected = {}) {
      errors.push({
        action: injected.action,
        code: injected.code ?? 'RequestLimitExceeded',
        status: injected.status ?? 503,
        remaining: times,
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
