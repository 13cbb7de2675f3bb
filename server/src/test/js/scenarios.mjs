// Drives the official socket.io-client against a Skein node for the Java integration tests.
// Usage: node scenarios.mjs <scenario> <url> [transports] [more...]   (transports: polling | websocket | upgrade)
// Prints one JSON object per line; the last line is {"done": true} on success. Exits 1 on failure.
import { readFileSync } from 'node:fs';
import { io } from 'socket.io-client';
import ioV2 from 'socket.io-client-v2';

const [scenario, url, mode = 'websocket', ...more] = process.argv.slice(2);
const TIMEOUT_MS = 8000;
const options = {
  polling: { transports: ['polling'] },
  websocket: { transports: ['websocket'] },
  upgrade: { transports: ['polling', 'websocket'] },
}[mode];

const out = (obj) => console.log(JSON.stringify(obj));
// What a scenario has done so far, printed if it times out.
const steps = [];
const step = (what) => steps.push(what);
const hex = (buf) => Buffer.from(buf).toString('hex');

function connect(extra = {}) {
  const socket = io(url, { ...options, forceNew: true, reconnection: false, ...extra });
  socket.io.once('open', () => { socket.openedWith = socket.io.engine.transport.name; });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

// Tries to connect: resolves with the socket and the connect_error (null when connected).
function attempt(extra = {}) {
  const socket = io(url, { ...options, forceNew: true, reconnection: false, ...extra });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, error: null }));
    socket.once('connect_error', (error) => resolve({ socket, error }));
  });
}

// A socket.io-client 2.x (Engine.IO v3) client; its transports follow the mode like the v4 client's.
function connectV2(transports = options.transports) {
  const socket = ioV2(url, { transports, forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
    socket.once('error', reject);
  });
}

// The v2 client has no timeout(): a bounded wait for its acknowledgement.
function ackV2(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no ack for ' + event)), 3000);
    socket.emit(event, ...args, (...reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
  });
}

// Emits with an acknowledgement and resolves with all of its arguments.
function ackAll(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(3000).emit(event, ...args, (err, ...reply) => (err ? reject(err) : resolve(reply)));
  });
}

function next(socket, event) {
  return new Promise((resolve) => socket.once(event, (...args) => resolve(args)));
}

// A round trip through the server: anything queued for this client before it has arrived once this resolves.
async function sync(...sockets) {
  await Promise.all(sockets.map((s) => ackAll(s, 'echo', 'sync')));
}

function collect(socket, event) {
  const seen = [];
  socket.on(event, (...args) => seen.push(args));
  return seen;
}

const scenarios = {
  async transport() {
    const socket = await connect();
    const connectedWith = socket.openedWith;
    if (mode === 'upgrade' && socket.io.engine.transport.name !== 'websocket') {
      await new Promise((r) => socket.io.engine.once('upgrade', r));
    }
    const ack = await ackAll(socket, 'echo', 'a', 1, { x: true }, null);
    const question = next(socket, 'question');
    socket.emit('ask-me', 'ping?');
    const [q, answer] = await question;
    answer('answer to ' + q);
    const [answered] = await next(socket, 'answered');
    out({ id: socket.id, connectedWith, transport: socket.io.engine.transport.name, ack, answered });
    socket.close();
  },

  async binary() {
    const a = await connect();
    const b = await connect();
    await a.timeout(3000).emitWithAck('join', { room: 'bin' });
    await b.timeout(3000).emitWithAck('join', { room: 'bin' });
    const atA = next(a, 'my_response');
    const atB = next(b, 'my_response');
    a.emit('my_room_event', { room: 'bin', data: Buffer.from([0, 1, 2, 3, 4, 255]) });
    const [[ma], [mb]] = await Promise.all([atA, atB]);
    const ack = await ackAll(a, 'echo', Buffer.from([9, 8, 7]), { nested: [Buffer.from([4])] });
    out({
      roomAtA: hex(ma.data),
      roomAtB: hex(mb.data),
      ackFirst: hex(ack[0]),
      ackNested: hex(ack[1].nested[0]),
    });
    a.close();
    b.close();
  },

  async rooms() {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    const seen = { a: collect(a, 'my_response'), b: collect(b, 'my_response'), c: collect(c, 'my_response') };
    const shouted = { a: collect(a, 'shouted'), b: collect(b, 'shouted'), c: collect(c, 'shouted') };
    await a.timeout(3000).emitWithAck('join', { room: 'r' });
    await b.timeout(3000).emitWithAck('join', { room: 'r' });
    await c.timeout(3000).emitWithAck('join', { room: 'other' });
    for (const s of Object.values(seen)) s.length = 0;
    await a.timeout(3000).emitWithAck('my_room_event', { room: 'r', data: 'to r' });
    a.emit('shout', 'hey');
    await b.timeout(3000).emitWithAck('leave', { room: 'r' });
    for (const s of Object.values(seen)) s.length = 0;
    await a.timeout(3000).emitWithAck('my_room_event', { room: 'r', data: 'after leave' });
    await sync(a, b, c);
    const dataOf = (list) => list.map(([m]) => m.data);
    out({
      afterLeave: { a: dataOf(seen.a), b: dataOf(seen.b), c: dataOf(seen.c) },
      shouted: { a: shouted.a.length, b: shouted.b.length, c: shouted.c.length },
    });
    [a, b, c].forEach((s) => s.close());
  },

  async roomsBeforeLeave() {
    const [a, b, c] = [await connect(), await connect(), await connect()];
    await a.timeout(3000).emitWithAck('join', { room: 'r' });
    await b.timeout(3000).emitWithAck('join', { room: 'r' });
    const seen = { a: collect(a, 'my_response'), b: collect(b, 'my_response'), c: collect(c, 'my_response') };
    await a.timeout(3000).emitWithAck('my_room_event', { room: 'r', data: 'to r' });
    await sync(a, b, c);
    const dataOf = (list) => list.map(([m]) => m.data);
    out({ a: dataOf(seen.a), b: dataOf(seen.b), c: dataOf(seen.c) });
    [a, b, c].forEach((s) => s.close());
  },

  async serverDisconnect() {
    const socket = await connect();
    const reason = next(socket, 'disconnect');
    socket.emit('disconnect_request');
    const [why] = await reason;
    out({ reason: why, active: socket.active });
  },

  // socket.io-client 2.x: acks both ways, binary both ways, rooms, on the given transports.
  async legacy() {
    const a = await connectV2();
    const b = await connectV2();
    const ack = await ackV2(a, 'echo', 'a', 1, { x: true }, Buffer.from([1, 2, 255]));
    const question = next(a, 'question');
    a.emit('ask-me', 'ping?');
    const [q, answer] = await question;
    answer('answer to ' + q);
    const [answered] = await next(a, 'answered');
    await ackV2(a, 'join', { room: 'v2' });
    await ackV2(b, 'join', { room: 'v2' });
    const atB = next(b, 'my_response');
    a.emit('my_room_event', { room: 'v2', data: 'hello v2' });
    const [message] = await atB;
    out({
      transport: a.io.engine.transport.name,
      ack: [ack[0], ack[1], ack[2], hex(ack[3])],
      answered,
      room: message.data,
    });
    a.close();
    b.close();
  },

  // v2 and v4 clients, over polling and websocket, in one room: one binary broadcast reaches all intact.
  async mixed() {
    const clients = {
      v2polling: await connectV2(['polling']),
      v2websocket: await connectV2(['websocket']),
      v4polling: await connect({ transports: ['polling'] }),
      v4websocket: await connect({ transports: ['websocket'] }),
    };
    const arrived = {};
    for (const [name, socket] of Object.entries(clients)) {
      const join = name.startsWith('v2')
        ? ackV2(socket, 'join', { room: 'mix' })
        : socket.timeout(3000).emitWithAck('join', { room: 'mix' });
      await join;
      arrived[name] = next(socket, 'my_response');
    }
    clients.v4websocket.emit('my_room_event', { room: 'mix', data: Buffer.from([0, 4, 30, 255, 10]) });
    const result = {};
    for (const [name, promise] of Object.entries(arrived)) {
      const [message] = await promise;
      result[name] = hex(message.data);
    }
    out(result);
    Object.values(clients).forEach((s) => s.close());
  },

  // Over https and wss, trusting only the CA file given after the transports (the test's self-signed
  // certificate): connects, acknowledges both ways; a client that trusts only the usual CAs is refused.
  async tls() {
    const ca = readFileSync(more[0]);
    let refusedWithoutCa = false;
    try {
      (await connect()).close();
    } catch (err) {
      refusedWithoutCa = true;
      step('refused without the CA: ' + err.message);
    }
    const socket = await connect({ ca });
    step('connected over ' + socket.openedWith);
    const connectedWith = socket.openedWith;
    if (mode === 'upgrade' && socket.io.engine.transport.name !== 'websocket') {
      socket.io.engine.on('upgradeError', (err) => step('upgrade error: ' + err.message));
      await new Promise((r) => socket.io.engine.once('upgrade', r));
    }
    step('on ' + socket.io.engine.transport.name);
    const ack = await ackAll(socket, 'echo', 'over tls', 2, { secure: true });
    step('acknowledged');
    const question = next(socket, 'question');
    socket.emit('ask-me', 'still encrypted?');
    const [q, answer] = await question;
    answer('yes: ' + q);
    const [answered] = await next(socket, 'answered');
    out({
      refusedWithoutCa,
      secure: socket.io.engine.secure,
      connectedWith,
      transport: socket.io.engine.transport.name,
      ack,
      answered,
    });
    socket.close();
  },

  // A v2 client against a node that does not allow Engine.IO v3.
  async legacyRefused() {
    try {
      const socket = await connectV2();
      out({ refused: false });
      socket.close();
    } catch (err) {
      out({ refused: true });
    }
  },

  // JWT authentication. The tokens come as one JSON object after the transports.
  // Connects with each token but "good" (null: no auth at all): each refusal's connect_error message and data;
  // then with "good": the claims a handler sees.
  async authConnect() {
    const tokens = JSON.parse(more[0]);
    const refused = {};
    for (const [name, token] of Object.entries(tokens)) {
      if (name === 'good') continue;
      const { socket, error } = await attempt(token === null ? {} : { auth: { token } });
      socket.close();
      refused[name] = error ? { message: error.message, data: error.data } : 'connected';
    }
    const socket = await connect({ auth: { token: tokens.good } });
    const [whoami] = await ackAll(socket, 'whoami');
    out({ refused, whoami, transport: socket.io.engine.transport.name });
    socket.close();
  },

  // Connects with a short-lived token, tries a refresh with a bad one (refused, changes nothing), then waits:
  // the server tells auth:expired and disconnects the socket at the token's expiry.
  async authExpiry() {
    const { token, bad } = JSON.parse(more[0]);
    const socket = await connect({ auth: { token } });
    if (mode === 'upgrade' && socket.io.engine.transport.name !== 'websocket') {
      await new Promise((r) => socket.io.engine.once('upgrade', r));
    }
    const expired = [];
    socket.on('auth:expired', (payload) => expired.push({ payload, transport: socket.io.engine.transport.name }));
    const [badRefresh] = await ackAll(socket, 'auth:refresh', { token: bad });
    step('bad refresh answered');
    const [reason] = await next(socket, 'disconnect');
    out({ badRefresh, expired, reason, active: socket.active });
  },

  // Connects with a short-lived token and refreshes it: refusals for a bad token, another subject's token and no
  // token, then a new token of the same subject; past the first token's expiry the socket is still there.
  async authRefresh() {
    const t = JSON.parse(more[0]);
    const socket = await connect({ auth: { token: t.short } });
    const expired = collect(socket, 'auth:expired');
    let disconnected = null;
    socket.on('disconnect', (why) => { disconnected = why; });
    const [bad] = await ackAll(socket, 'auth:refresh', { token: t.bad });
    const [other] = await ackAll(socket, 'auth:refresh', { token: t.otherSubject });
    const [missing] = await ackAll(socket, 'auth:refresh', {});
    const [ok] = await ackAll(socket, 'auth:refresh', { token: t.long });
    step('refreshed');
    await new Promise((r) => setTimeout(r, Math.max(0, t.shortExp * 1000 - Date.now() + 1500)));
    const [whoami] = await ackAll(socket, 'whoami');
    out({ bad, other, missing, ok, expired: expired.length, disconnected, connected: socket.connected, whoami });
    socket.close();
  },

  // A token whose rooms claim allows orders-*: the demo app's join of orders-17 is accepted, of payroll refused
  // (an error ack and my_error), and so is a message to payroll.
  async authRooms() {
    const { token } = JSON.parse(more[0]);
    const socket = await connect({ auth: { token } });
    const errors = collect(socket, 'my_error');
    const responses = collect(socket, 'my_response');
    const [joined] = await ackAll(socket, 'join', { room: 'orders-17' });
    const [refused] = await ackAll(socket, 'join', { room: 'payroll' });
    const [talk] = await ackAll(socket, 'my_room_event', { room: 'payroll', data: 'psst' });
    await sync(socket);
    out({
      joined,
      refused,
      talk,
      errors: errors.map(([e]) => e.message),
      responses: responses.map(([m]) => m.data),
    });
    socket.close();
  },

  // Reconnects until the node lets it in (a per-address limit refused it first), reporting each refusal.
  async refusedUntilAdmitted() {
    const socket = io(url, { ...options, forceNew: true, reconnectionDelay: 200, reconnectionDelayMax: 400 });
    let refusals = 0;
    await new Promise((resolve) => {
      socket.on('connect_error', (err) => {
        refusals += 1;
        out({ event: 'connect_error', message: err.message, description: String(err.description ?? '') });
      });
      socket.once('connect', resolve);
    });
    const [echo] = await ackAll(socket, 'echo', 'in at last');
    out({ event: 'connect', refusals, echo });
    socket.close();
  },

  // Stays connected and reports what happens, for the shutdown test; ends when reconnection fails.
  async watch() {
    const socket = io(url, { ...options, reconnectionDelay: 100, reconnectionDelayMax: 200 });
    socket.on('connect', () => out({ event: 'connect', transport: socket.io.engine.transport.name }));
    socket.on('disconnect', (reason) => out({ event: 'disconnect', reason, active: socket.active }));
    socket.io.on('reconnect_attempt', (n) => {
      out({ event: 'reconnect_attempt', attempt: n });
      if (n >= 3) process.exit(0);
    });
    await new Promise(() => {});
  },
};

const run = scenarios[scenario];
if (!run) {
  console.error('unknown scenario ' + scenario);
  process.exit(2);
}
const timer = setTimeout(() => {
  console.error('scenario ' + scenario + ' timed out' + (steps.length ? ' after: ' + steps.join('; ') : ''));
  process.exit(1);
}, scenario === 'watch' ? 60000 : TIMEOUT_MS);
run().then(
  () => {
    clearTimeout(timer);
    out({ done: true });
    process.exit(0);
  },
  (err) => {
    console.error(String(err && err.stack ? err.stack : err));
    process.exit(1);
  },
);
