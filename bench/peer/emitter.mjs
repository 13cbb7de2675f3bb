// The push scenario's official emitter: @socket.io/redis-emitter publishing my_response to a room.
//
//   node emitter.mjs --redis-url redis://127.0.0.1:6379 --room ROOM --rate MSG_PER_SEC --count N [--prefix socket.io]
//
// Prints {"ready":true} once connected to Redis, waits for a line "go" on stdin, then emits N messages,
// evenly paced at the rate (a late timer is caught up, not carried over as drift), each
//   emitter.to(ROOM).emit('my_response', {data: "~T<process.hrtime.bigint()>~", count: i, node: "emitter", room: ROOM})
// with i = 1..N and the timestamp (CLOCK_MONOTONIC nanoseconds, like Java's System.nanoTime() on Linux)
// taken right before each emit. Then it quits Redis, prints {"done":true,"sent":N} and exits 0.
// Anything else on stdout is an {"error":"..."} line.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';

const MAX_BURST = 1000; // messages emitted in a row when catching up, before letting I/O run

function printLine(value) {
  process.stdout.write(JSON.stringify(value) + '\n');
}

function fail(error, code = 1) {
  printLine({ error: String(error?.stack ?? error) });
  process.exit(code);
}

process.on('uncaughtException', (e) => fail(e));
process.on('unhandledRejection', (e) => fail(e));

let values;
try {
  ({ values } = parseArgs({
    strict: true,
    allowPositionals: false,
    options: {
      'redis-url': { type: 'string' },
      room: { type: 'string' },
      rate: { type: 'string' },
      count: { type: 'string' },
      prefix: { type: 'string', default: 'socket.io' },
    },
  }));
} catch (e) {
  fail(e.message, 2);
}
for (const name of ['redis-url', 'room', 'rate', 'count']) {
  if (values[name] === undefined) {
    fail(`--${name} is required`, 2);
  }
}
const { room, prefix } = values;
const rate = Number(values.rate);
if (!(Number.isFinite(rate) && rate > 0)) {
  fail(`--rate must be a positive number of messages per second, not ${JSON.stringify(values.rate)}`, 2);
}
const count = Number(values.count);
if (!/^\d+$/.test(values.count) || !Number.isSafeInteger(count)) {
  fail(`--count must be a non-negative integer, not ${JSON.stringify(values.count)}`, 2);
}

const redis = new Redis(values['redis-url'], { lazyConnect: true });
let firstError = null;
redis.on('error', (e) => {
  firstError ??= e;
});
try {
  await redis.connect();
} catch (e) {
  fail(`redis ${values['redis-url']}: ${(firstError ?? e).message}`);
}
redis.removeAllListeners('error');
redis.on('error', (e) => printLine({ error: `redis: ${e.message}` }));
const emitter = new Emitter(redis, { key: prefix });

printLine({ ready: true });

const lines = createInterface({ input: process.stdin });
const line = await new Promise((resolve) => {
  lines.once('line', resolve);
  lines.once('close', () => resolve(null));
});
lines.close();
process.stdin.destroy();
if (line === null) {
  fail('stdin ended before "go"');
}
if (line.trim() !== 'go') {
  fail(`expected "go" on stdin, got ${JSON.stringify(line)}`, 2);
}

// Message i (1-based) is due at start + (i - 1) / rate.
const intervalNs = 1e9 / rate;
const start = process.hrtime.bigint();
let sent = 0;
while (sent < count) {
  const elapsedNs = Number(process.hrtime.bigint() - start);
  const due = Math.min(count, Math.floor(elapsedNs / intervalNs) + 1);
  let burst = 0;
  while (sent < due && burst < MAX_BURST) {
    sent++;
    burst++;
    emitter.to(room).emit('my_response', {
      data: '~T' + process.hrtime.bigint().toString() + '~',
      count: sent,
      node: 'emitter',
      room,
    });
  }
  if (sent >= count) {
    break;
  }
  if (sent < due) {
    await new Promise((resolve) => setImmediate(resolve)); // behind: let the writes go out, then go on
  } else {
    const waitNs = sent * intervalNs - Number(process.hrtime.bigint() - start);
    await delay(Math.max(0, Math.floor(waitNs / 1e6)));
  }
}

// QUIT is answered after the PUBLISHes queued before it, so every message has reached Redis.
await redis.quit();
printLine({ done: true, sent });
process.exit(0);
