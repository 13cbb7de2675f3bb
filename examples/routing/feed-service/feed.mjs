// The WebSocket service of Skein's routing example (docs/routing.md): `node feed.mjs [port]` (default 8002).
// Skein opens one channel per client socket (on the client's first event for "feed") and sends each routed
// event as a frame {"method", "data", "socket"}; whatever this service sends back, {"event", "args"}, reaches
// that client at once.
//   /api/v1/feed/subscribe {topic}: pushes "feed.item" {topic, n, instance} every 2 s, 30 at most
//   /api/v1/feed/unsubscribe: stops them
// When the client leaves, Skein closes the channel and its timer stops with it.
import { WebSocketServer } from 'ws';
import os from 'node:os';

const port = Number(process.argv[2] ?? process.env.PORT ?? 8002);
const instance = `${os.hostname()}:${port}`;
const server = new WebSocketServer({ port, path: '/feed', maxPayload: 64 * 1024 });

server.on('connection', (ws, request) => {
  const socketId = request.headers['x-skein-socket'];
  let timer = null;
  const stop = () => { clearInterval(timer); timer = null; };
  const push = (event, ...args) => ws.send(JSON.stringify({ event, args }));
  ws.on('close', stop);
  ws.on('message', (raw) => {
    let frame;
    try { frame = JSON.parse(raw.toString()); } catch { return; }
    const action = String(frame.method ?? '').split('/').pop();
    if (action === 'subscribe') {
      stop();
      const topic = String(frame.data?.topic ?? 'news').slice(0, 64);
      let n = 0;
      push('feed.subscribed', { topic, instance, socket: socketId });
      timer = setInterval(() => {
        push('feed.item', { topic, n: ++n, instance, at: new Date().toISOString() });
        if (n >= 30) stop();
      }, 2000);
    } else if (action === 'unsubscribe') {
      stop();
      push('feed.unsubscribed', { instance });
    } else {
      push('feed.error', { message: `unknown method ${frame.method}` });
    }
  });
});
server.on('listening', () => console.log(`feed service ${instance} listening on :${port}/feed`));
