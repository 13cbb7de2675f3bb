// The official socket.io-client through a load balancer, as a Node application runs it: withCredentials
// keeps HAProxy's stickiness cookie (engine.io-client's cookie jar in Node) for every request.
// Usage: node lb-client.mjs <url> <polling|websocket> rounds <n>   n acknowledged round trips, then exit
//        node lb-client.mjs <url> <polling|websocket> watch        print events until killed
// Prints one JSON object per line; "rounds" ends with {"done": true}. Exits 1 on failure.
import { io } from 'socket.io-client';

const [url, transport, mode, rounds = '0'] = process.argv.slice(2);
const out = (obj) => console.log(JSON.stringify(obj));

const socket = io(url, {
  transports: [transport],
  withCredentials: true,
  forceNew: true,
  reconnectionDelay: 200,
  reconnectionDelayMax: 1000,
});

// every HTTP request of the polling transport: a poll (GET) or a write (POST)
let requests = 0;
socket.io.on('open', () => {
  const transportOf = socket.io.engine.transport;
  transportOf.on('poll', () => requests++);
  transportOf.on('drain', () => requests++);
});

socket.on('my_response', (message) => {
  if (message && message.data === 'Connected') out({ event: 'greeted', node: message.node });
});
socket.on('connect', () => out({ event: 'connect' }));
socket.on('disconnect', (reason) => out({ event: 'disconnect', reason }));
socket.on('connect_error', (err) => out({ event: 'connect_error', message: err.message }));

async function roundTrips(n) {
  await new Promise((resolve) => socket.once('connect', resolve));
  const nodes = new Set();
  for (let i = 0; i < n; i++) {
    const pong = new Promise((resolve) => socket.once('my_pong', resolve));
    await socket.timeout(5000).emitWithAck('my_ping');
    nodes.add((await pong).node);
  }
  out({ rounds: n, requests, nodes: [...nodes], sid: socket.io.engine.id });
  socket.close();
}

if (mode === 'rounds') {
  const timer = setTimeout(() => { out({ error: 'timed out' }); process.exit(1); }, 60000);
  roundTrips(Number(rounds)).then(
    () => { clearTimeout(timer); out({ done: true }); },
    (err) => { out({ error: String(err) }); process.exit(1); },
  );
} else if (mode !== 'watch') {
  out({ error: 'unknown mode ' + mode });
  process.exit(1);
}
