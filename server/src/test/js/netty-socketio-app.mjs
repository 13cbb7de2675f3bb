// Drives the official socket.io-client v4 through the netty-socketio test application (skein-netty-socketio's
// ChatApplication), on netty-socketio's own server or on SkeinSocketIOServer: the same steps, the same output, so
// that the Java test compares what clients see.
// Usage: node netty-socketio-app.mjs <url> [transports]   (transports: polling | websocket)
// Prints one JSON object per step, then {"done": true}. Exits 1 on failure.
import { io } from 'socket.io-client';

const [url, mode = 'websocket'] = process.argv.slice(2);
const TIMEOUT_MS = 8000;
const transports = mode === 'polling' ? ['polling'] : ['websocket'];
const out = (obj) => console.log(JSON.stringify(obj));
const hex = (buf) => Buffer.from(buf).toString('hex');
const steps = [];

// What the client library itself threw: netty-socketio's corrupt binary broadcasts (its issues #734, #900) make
// socket.io-client throw while it decodes them
const uncaught = [];
process.on('uncaughtException', (error) => uncaught.push(String(error?.message ?? error)));

const timer = setTimeout(() => {
  out({ timeout: true, steps });
  process.exit(1);
}, 60000);

function attempt(nsp = '', extra = {}) {
  const socket = io(url + nsp, { transports, forceNew: true, reconnection: false, timeout: TIMEOUT_MS, ...extra });
  // what arrives before the test listens: the welcome events of connect listeners
  socket.seen = [];
  socket.onAny((event, ...args) => socket.seen.push({ event, args }));
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, error: null }));
    socket.once('connect_error', (error) => resolve({ socket, error }));
  });
}

async function connect(nsp, extra) {
  const { socket, error } = await attempt(nsp, extra);
  if (error) throw new Error('connect_error on ' + nsp + ': ' + error.message);
  return socket;
}

// The next `event` the socket gets (or got since it connected), within the timeout.
function next(socket, event) {
  const index = socket.seen.findIndex((e) => e.event === event);
  if (index >= 0) return Promise.resolve(socket.seen.splice(index, 1)[0].args);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no ' + event)), TIMEOUT_MS);
    socket.once(event, (...args) => {
      clearTimeout(t);
      socket.seen.splice(socket.seen.findIndex((e) => e.event === event), 1);
      resolve(args);
    });
  });
}

// Every argument of the acknowledgement (emitWithAck keeps the first only).
const ack = (socket, event, ...args) => new Promise((resolve, reject) => {
  socket.timeout(TIMEOUT_MS).emit(event, ...args, (error, ...reply) => (error ? reject(error) : resolve(reply)));
});
const count = (socket, event) => socket.seen.filter((e) => e.event === event).length;
const step = (name, fields) => {
  steps.push(name);
  out({ step: name, ...fields });
};
const errorOf = (error) => ({ message: error.message, data: error.data ?? null });

try {
  const refused = await attempt('', { query: { token: 'bad' } });
  step('authorization', { refused: refused.error !== null, error: refused.error && errorOf(refused.error) });
  refused.socket.close();

  const alice = await connect('', { query: { user: 'alice' } });
  const bob = await connect('', { query: { user: 'bob' } });
  const carol = await connect('', { query: { user: 'carol' } });
  step('welcome', { alice: (await next(alice, 'welcome'))[0], bob: (await next(bob, 'welcome'))[0] });

  const who = await ack(alice, 'whoami');
  step('whoami', { user: who[0], sameClient: who[2], clients: who[3], socketId: alice.id, sessionId: who[1] });

  step('join', { alice: (await ack(alice, 'join', 'lobby'))[0] });
  await ack(bob, 'join', 'lobby');
  await ack(carol, 'join', 'lobby');

  alice.emit('chat', { room: 'lobby', text: 'hi', user: 'mallory' });
  step('chat', { bob: (await next(bob, 'chat'))[0], alice: (await next(alice, 'chat'))[0] });

  step('pair', { answer: (await ack(alice, 'pair', 'x', 7))[0] });

  const bytes = Buffer.from([1, 2, 3, 0, 255]);
  const [reversed] = await ack(alice, 'echo-binary', bytes);
  step('echo-binary', { isBuffer: Buffer.isBuffer(reversed), hex: hex(reversed) });

  const [size] = await ack(alice, 'file', { room: 'lobby', name: 'a.bin', data: bytes });
  const arrived = (socket) => next(socket, 'file').then(([file]) => file, () => null);
  const [bobFile, carolFile] = await Promise.all([arrived(bob), arrived(carol)]);
  const seen = (file) => file && ({ name: file.name, isBuffer: Buffer.isBuffer(file.data), hex: file.data ? hex(file.data) : null });
  step('file', { size, bob: seen(bobFile), carol: seen(carolFile), aliceGotIt: count(alice, 'file'), clientErrors: uncaught.length });

  alice.once('question', (question, answer) => answer({ text: 'four', asked: question.text }));
  alice.emit('ask');
  step('ask', { answered: (await next(alice, 'answered'))[0] });

  for (const [socket, vote] of [[alice, 'yes'], [bob, 'no'], [carol, 'yes']]) {
    socket.once('vote?', (text, answer) => answer(vote));
  }
  bob.emit('poll', 'lobby');
  step('poll', { result: (await next(bob, 'poll-result'))[0] });

  await ack(alice, 'join', 'red');
  await ack(alice, 'join', 'blue');
  await ack(bob, 'join', 'red');
  alice.emit('multi');
  // an acknowledgement sent after the event leaves the server after every packet the event caused
  await ack(alice, 'noop');
  await ack(bob, 'noop');
  step('multi', { alice: count(alice, 'multi'), bob: count(bob, 'multi'), carol: count(carol, 'multi') });

  bob.emit('shout', 'hey');
  await ack(bob, 'noop');
  step('shout', { alice: (await next(alice, 'shout'))[0], carol: (await next(carol, 'shout'))[0], bob: count(bob, 'shout') });

  step('noop', { args: await ack(alice, 'noop') });

  const boom = await new Promise((resolve) => alice.timeout(1000).emit('boom', (error) => resolve(error ? 'no ack' : 'acked')));
  step('boom', { boom });

  const noAuth = await attempt('/admin');
  const wrongKey = await attempt('/admin', { auth: { key: 'nope' } });
  step('admin-refused', {
    noAuth: noAuth.error ? errorOf(noAuth.error) : 'connected',
    wrongKey: wrongKey.error ? errorOf(wrongKey.error) : 'connected',
  });
  noAuth.socket.close();
  wrongKey.socket.close();

  const admin = await connect('/admin', { auth: { key: 'secret' } });
  step('admin', { welcome: (await next(admin, 'admin-welcome'))[0], announce: (await ack(admin, 'announce', 'maintenance'))[0] });
  step('announcement', { alice: (await next(alice, 'announcement'))[0], bob: (await next(bob, 'announcement'))[0] });

  let stats = (await ack(alice, 'stats'))[0];
  for (let i = 0; i < 40 && !stats.pongs; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    stats = (await ack(alice, 'stats'))[0];
  }
  step('pong', { pongs: stats.pongs });

  alice.emit('bye');
  const reason = await new Promise((resolve) => alice.once('disconnect', resolve));
  step('bye', { reason });

  for (const socket of [bob, carol, admin]) socket.close();
  clearTimeout(timer);
  out({ done: true });
  process.exit(0);
} catch (error) {
  out({ error: String(error?.stack ?? error), steps });
  process.exit(1);
}
