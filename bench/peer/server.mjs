// The official Node.js Socket.IO server running Skein's demo app (server/src/main/java/dev/skein/demo/
// DemoApp.java and DemoInput.java), event for event, so the benchmark can drive both with the same load.
//
//   node [--expose-gc] server.mjs [--port 0] [--host 127.0.0.1] [--node-id ID] [--redis-url redis://...]
//        [--prefix socket.io] [--ping-interval-ms 25000] [--ping-timeout-ms 20000] [--max-payload-bytes 1000000]
//
// stdout carries one line {"ready":true,"port":P,"pid":N} once the server listens (and, with --redis-url,
// once the Redis adapter has subscribed), and otherwise only {"error":"..."} lines.
import { createServer } from 'node:http';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { setTimeout as delay } from 'node:timers/promises';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';

const MAX_ROOM_LENGTH = 64;
const ROOM_RULE = `room must be a non-empty string of at most ${MAX_ROOM_LENGTH} characters`;
// java.lang.Character.isWhitespace: the Unicode space separators except the no-break ones (U+00A0,
// U+2007, U+202F), the line and paragraph separators, and U+0009-U+000D, U+001C-U+001F.
const JAVA_BLANK = /^[\t\n\u000B\f\r\u001C-\u001F \u1680\u2000-\u2006\u2008-\u200A\u2028\u2029\u205F\u3000]*$/;
const NODE_ID = /^[A-Za-z0-9_.-]{1,64}$/;

function printLine(value) {
  process.stdout.write(JSON.stringify(value) + '\n');
}

function printError(error) {
  printLine({ error: String(error?.stack ?? error) });
}

function fail(message, code = 1) {
  printError(message);
  process.exit(code);
}

function integerOption(values, name, min, max) {
  const text = values[name];
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    fail(`--${name} must be an integer ${min}..${max}, not ${JSON.stringify(text)}`, 2);
  }
  return value;
}

let values;
try {
  ({ values } = parseArgs({
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      'node-id': { type: 'string', default: randomBytes(6).toString('base64url').slice(0, 6) },
      'redis-url': { type: 'string' },
      prefix: { type: 'string', default: 'socket.io' },
      'ping-interval-ms': { type: 'string', default: '25000' },
      'ping-timeout-ms': { type: 'string', default: '20000' },
      'max-payload-bytes': { type: 'string', default: '1000000' },
    },
  }));
} catch (e) {
  fail(e.message, 2);
}

const port = integerOption(values, 'port', 0, 65535);
const pingInterval = integerOption(values, 'ping-interval-ms', 1, 2 ** 31 - 1);
const pingTimeout = integerOption(values, 'ping-timeout-ms', 1, 2 ** 31 - 1);
const maxHttpBufferSize = integerOption(values, 'max-payload-bytes', 1, Number.MAX_SAFE_INTEGER);
const nodeId = values['node-id'];
if (!NODE_ID.test(nodeId)) {
  fail(`--node-id must be 1-64 characters of A-Z a-z 0-9 _ . -, not ${JSON.stringify(nodeId)}`, 2);
}

process.on('uncaughtException', (e) => fail(e));
process.on('unhandledRejection', (e) => fail(e));

// --- DemoInput -------------------------------------------------------------------------------------

/** A JSON object (a Java Map), not an array, binary or null. */
function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer);
}

function field(args, name) {
  const first = args[0];
  return isObject(first) && Object.hasOwn(first, name) ? first[name] : null;
}

/** The {@code room} field of the first argument, or null when missing or unusable. */
function roomOf(args) {
  const room = field(args, 'room');
  return typeof room === 'string' && !JAVA_BLANK.test(room) && room.length <= MAX_ROOM_LENGTH ? room : null;
}

/** The {@code data} field of the first argument, or the argument itself when it is not an object. */
function dataOf(args) {
  const first = args.length > 0 ? args[0] : null;
  return isObject(first) ? field(args, 'data') : first ?? null;
}

// --- DemoApp ---------------------------------------------------------------------------------------

function onConnection(io, socket) {
  let count = 0;
  const reply = (data, countIt) => ({ data, count: countIt ? ++count : count, node: nodeId });
  const ack = (callback) => callback?.({ count });
  const answer = (callback, event, message) => {
    socket.emit(event, message);
    ack(callback);
  };
  const rejectRoom = (callback) => {
    const error = { message: ROOM_RULE };
    socket.emit('my_error', error);
    callback?.(error);
  };
  const namedRooms = () => {
    const rooms = [...socket.rooms].filter((room) => room !== socket.id).sort();
    return `[${rooms.join(', ')}]`; // java.util.TreeSet#toString
  };
  // Java's handlers get the arguments without the acknowledgement callback, and an Ack that does
  // nothing when the client asked for none.
  const on = (event, handler) => socket.on(event, (...args) => {
    const callback = typeof args.at(-1) === 'function' ? args.pop() : null;
    handler(args, callback);
  });

  socket.emit('my_response', reply('Connected', false));
  on('my_event', (args, callback) => answer(callback, 'my_response', reply(dataOf(args), true)));
  on('my_broadcast_event', (args, callback) => {
    io.emit('my_response', reply(dataOf(args), true));
    ack(callback);
  });
  on('join', (args, callback) => {
    const room = roomOf(args);
    if (room === null) {
      rejectRoom(callback);
      return;
    }
    socket.join(room);
    answer(callback, 'my_response', reply(`In rooms: ${namedRooms()}`, true));
  });
  on('leave', (args, callback) => {
    const room = roomOf(args);
    if (room === null) {
      rejectRoom(callback);
      return;
    }
    socket.leave(room);
    answer(callback, 'my_response', reply(`In rooms: ${namedRooms()}`, true));
  });
  on('my_room_event', (args, callback) => {
    const room = roomOf(args);
    if (room === null) {
      rejectRoom(callback);
      return;
    }
    const message = reply(dataOf(args), true);
    message.room = room;
    io.to(room).emit('my_response', message);
    ack(callback);
  });
  on('close_room', (args, callback) => {
    const room = roomOf(args);
    if (room === null) {
      rejectRoom(callback);
      return;
    }
    const notice = reply(`Room ${room} is closing.`, true);
    notice.room = room;
    io.to(room).emit('my_response', notice);
    io.in(room).socketsLeave(room);
    ack(callback);
  });
  on('disconnect_request', (args, callback) => {
    answer(callback, 'my_response', reply('Disconnected!', true));
    socket.disconnect();
  });
  on('my_ping', (args, callback) => answer(callback, 'my_pong', { node: nodeId }));
}

// --- HTTP, Socket.IO, Redis ------------------------------------------------------------------------

let io;

// Created before Socket.IO attaches: engine.io (and socket.io's client serving, disabled here) take the
// server's existing 'request' listeners off and call them only for requests outside their path, so this
// listener never sees /socket.io/ requests.
const httpServer = createServer((req, res) => {
  const path = req.url.split('?', 1)[0];
  if (path !== '/bench/memory') {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not Found\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain' }).end('Method Not Allowed\n');
    return;
  }
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  const body = JSON.stringify({
    ...process.memoryUsage(),
    sockets: io.of('/').sockets.size,
    engineClients: io.engine.clientsCount,
    heapSizeLimit: getHeapStatistics().heap_size_limit,
  });
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
});

const redisClients = [];

async function connectRedis(url) {
  const pub = new Redis(url, { lazyConnect: true });
  const sub = pub.duplicate();
  redisClients.push(pub, sub);
  // Before both are ready, an error ends the process; afterwards ioredis reconnects and errors are logged.
  let firstError = null;
  const early = (e) => {
    firstError ??= e;
  };
  for (const client of redisClients) {
    client.on('error', early);
  }
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (e) {
    throw firstError ?? e; // connect() rejects with "Connection is closed."; the 'error' event says why
  }
  for (const client of redisClients) {
    client.off('error', early);
    client.on('error', (e) => printError(`redis: ${e.message}`));
  }
  return { pub, sub };
}

/** Waits until the adapter's subscriber connection has subscribed (PSUBSCRIBE was sent before). */
async function adapterSubscribed(pub, adapter) {
  for (let i = 0; i < 500; i++) {
    const [, subscribers] = await pub.pubsub('NUMSUB', adapter.specificResponseChannel);
    if (Number(subscribers) > 0) {
      return;
    }
    await delay(10);
  }
  throw new Error(`the Redis adapter did not subscribe to ${adapter.specificResponseChannel} within 5 s`);
}

const redisUrl = values['redis-url'];
let redis = null;
if (redisUrl !== undefined) {
  try {
    redis = await connectRedis(redisUrl);
  } catch (e) {
    fail(`redis ${redisUrl}: ${e.message}`);
  }
}

io = new Server(httpServer, {
  serveClient: false,
  transports: ['polling', 'websocket'],
  pingInterval,
  pingTimeout,
  maxHttpBufferSize,
  perMessageDeflate: false,
  ...(redis ? { adapter: createAdapter(redis.pub, redis.sub, { key: values.prefix }) } : {}),
});
io.on('connection', (socket) => onConnection(io, socket));

if (redis) {
  await adapterSubscribed(redis.pub, io.of('/').adapter);
}

await new Promise((resolve, reject) => {
  httpServer.once('error', reject);
  httpServer.listen(port, values.host, () => {
    httpServer.off('error', reject);
    resolve();
  });
}).catch((e) => fail(`listen ${values.host}:${port}: ${e.message}`));

printLine({ ready: true, port: httpServer.address().port, pid: process.pid });

let stopping = false;

async function stop() {
  if (stopping) {
    return;
  }
  stopping = true;
  setTimeout(() => {
    printError('shutdown took over 5 s; exiting anyway');
    process.exit(1);
  }, 5000).unref();
  try {
    // io.close() disconnects every socket, unsubscribes the adapter, closes engine.io and the HTTP
    // server; idle keep-alive connections would hold the last step, so they are cut after a moment.
    await Promise.race([io.close(), delay(1000)]);
    httpServer.closeAllConnections();
    await Promise.allSettled(redisClients.map((client) => client.quit()));
  } catch (e) {
    printError(e);
  }
  process.exit(0);
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
