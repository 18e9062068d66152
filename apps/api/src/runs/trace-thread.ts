// The inline-trace thread (bundled as dist/apps/api/trace-thread.js): builds and keeps the versions' tracers and
// answers traces off the API's event loop. Building a 20,000-pod version's model takes ~0.7-0.9 s of CPU; in the
// API's own thread that would hold every other request for as long.
import { parentPort, workerData } from 'node:worker_threads';
import { VersionTracers, type ThreadReply, type ThreadRequest } from './version-tracers';

const port = parentPort;
if (!port) throw new Error('trace-thread runs as a worker thread of the API');
const tracers = new VersionTracers((workerData as { cacheSize: number }).cacheSize);
port.on('message', (message: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    reply = { id: message.id, outcome: tracers.trace(message.versionId, message.request, message.content) };
  } catch (error) {
    reply = { id: message.id, failure: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
