// The official @socket.io/redis-emitter (from npm), for the Java integration tests.
// Usage: node emitter.mjs <redisUrl> '<json array of operations>'
// Each operation: {"op": "emit"|"socketsJoin"|"socketsLeave"|"disconnectSockets"|"serverSideEmit",
//   "nsp"?, "rooms"?, "except"?, "volatile"?, "event"?, "args"?, "join"?, "leave"?, "close"?}
// Binary arguments are {"$bin": "<hex>"}. Prints {"done":true} once every operation was published.
import { Emitter } from '@socket.io/redis-emitter';
import { createClient } from 'redis';
import { fromWire } from './wire-values.mjs';

const [redisUrl, opsJson] = process.argv.slice(2);

const client = createClient({ url: redisUrl });
client.on('error', (err) => console.error(String(err)));
await client.connect();
const root = new Emitter(client);

for (const op of JSON.parse(opsJson)) {
  let target = op.nsp ? root.of(op.nsp) : root;
  if (op.rooms?.length) target = target.to(op.rooms);
  if (op.except?.length) target = target.except(op.except);
  if (op.volatile) target = target.volatile;
  if (op.op === 'emit') target.emit(op.event, ...fromWire(op.args ?? []));
  else if (op.op === 'socketsJoin') target.socketsJoin(op.join);
  else if (op.op === 'socketsLeave') target.socketsLeave(op.leave);
  else if (op.op === 'disconnectSockets') target.disconnectSockets(op.close ?? false);
  else if (op.op === 'serverSideEmit') (op.nsp ? root.of(op.nsp) : root).serverSideEmit(op.event, ...(op.args ?? []));
  else throw new Error('unknown op ' + op.op);
}
// node-redis sends commands in order on one connection: QUIT returns after every PUBLISH was answered.
await client.quit();
console.log(JSON.stringify({ done: true }));
