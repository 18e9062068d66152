import request from 'supertest';

/* eslint-disable @typescript-eslint/no-explicit-any -- test helpers read loosely typed JSON bodies */

/** GraphQL over HTTP with a key; returns the JSON body. */
export async function gql(url: string, key: string | null, query: string, variables: Record<string, unknown> = {}) {
  const req = request(url).post('/graphql').set('content-type', 'application/json');
  if (key) req.set('authorization', `Bearer ${key}`);
  const res = await req.send({ query, variables });
  return res.body as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any> }[] };
}

export const rest = (url: string, key: string | null) => {
  const auth = (r: request.Test) => (key ? r.set('authorization', `Bearer ${key}`) : r);
  return {
    get: (path: string) => auth(request(url).get(path)),
    post: (path: string, body?: unknown) => auth(request(url).post(path).set('content-type', 'application/json')).send(body as object),
  };
};

/** Polls a run until it is finished. */
export async function waitForRun(url: string, key: string, id: string, timeoutMs = 90_000): Promise<Record<string, any>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await rest(url, key).get(`/v1/runs/${id}`);
    if (['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(res.body.status)) return res.body;
    if (Date.now() > until) throw new Error(`run ${id} still ${res.body.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
