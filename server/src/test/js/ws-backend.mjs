// A WebSocket backend service for Skein's routing tests (RoutingIT): `node ws-backend.mjs <port> <name> [silent]`
// (silent: it answers no ping, like a hung instance).
// Skein opens one channel per client socket (its id in the X-Skein-Socket header). For each frame
// {"method", "data", "socket"} or {"event", "args", "socket"} it pushes back on that channel
// {"event": "feed.reply", "args": [{instance, method, data, socket}]}; method ".../close" closes the channel
// cleanly. It prints JSON lines: {"listening": port}, {"open": socketId}, {"closed": socketId}, {"frame": ...}.
import { WebSocketServer } from 'ws';

const [port, name, mode] = [Number(process.argv[2]), process.argv[3] ?? 'feed', process.argv[4]];
const print = (value) => process.stdout.write(JSON.stringify(value) + '\n');

const server = new WebSocketServer({ host: '127.0.0.1', port, autoPong: mode !== 'silent' });
server.on('listening', () => print({ listening: server.address().port }));
server.on('connection', (ws, request) => {
  const socketId = request.headers['x-skein-socket'] ?? 'unknown';
  print({ open: socketId });
  ws.on('close', () => print({ closed: socketId }));
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    print({ frame: { method: frame.method, event: frame.event, socket: frame.socket?.id } });
    if (typeof frame.method === 'string' && frame.method.endsWith('/close')) {
      ws.close(1000, 'bye');
      return;
    }
    ws.send(JSON.stringify({
      event: 'feed.reply',
      args: [{ instance: name, method: frame.method ?? null, event: frame.event ?? null,
               data: frame.data ?? frame.args ?? null, socket: frame.socket?.id }],
    }));
  });
});
