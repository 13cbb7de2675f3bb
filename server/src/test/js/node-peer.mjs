// A Node.js Socket.IO node (the official socket.io server with @socket.io/redis-adapter) that joins a
// Skein cluster, for the Java interoperability tests.
// Usage: node node-peer.mjs <port> <redisUrl>
// Prints {"ready":true} once listening and subscribed. Then reads one JSON command per line on stdin,
// {"id":1,"op":"...", ...}, and answers {"id":1,"result":...} or {"id":1,"error":"..."}. Events the node
// hears by itself are printed as {"event":...}. Binary values travel as {"$bin":"<hex>"} both ways.
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { toWire, fromWire } from './wire-values.mjs';

const [port, redisUrl] = process.argv.slice(2);
const out = (obj) => console.log(JSON.stringify(obj));

const pubClient = createClient({ url: redisUrl });
const subClient = pubClient.duplicate();
for (const client of [pubClient, subClient]) client.on('error', (err) => out({ redisError: String(err) }));
await Promise.all([pubClient.connect(), subClient.connect()]);

const httpServer = createServer();
const io = new Server(httpServer, { adapter: createAdapter(pubClient, subClient) });

io.on('connection', (socket) => {
  socket.data.node = 'node';
  socket.on('join', (payload, ack) => {
    socket.join(payload.room);
    if (typeof ack === 'function') ack({ room: payload.room });
  });
});
// Server-side events from the other nodes.
io.on('news', (...args) => out({ event: 'news', args: toWire(args) }));
io.on('load?', (asked, callback) => callback({ node: 'node', asked }));

const selector = (cmd) => {
  let target = io.of(cmd.nsp ?? '/');
  if (cmd.rooms?.length) target = target.to(cmd.rooms);
  if (cmd.except?.length) target = target.except(cmd.except);
  return target;
};

const ops = {
  emit: (cmd) => { selector(cmd).emit(cmd.event, ...fromWire(cmd.args ?? [])); return true; },
  emitWithAck: async (cmd) => toWire(await selector(cmd).timeout(cmd.timeout ?? 3000).emitWithAck(cmd.event, ...fromWire(cmd.args ?? []))),
  fetchSockets: async (cmd) => (await selector(cmd).fetchSockets()).map((s) => ({
    id: s.id, rooms: [...s.rooms], data: toWire(s.data), auth: s.handshake.auth, query: s.handshake.query,
    issued: s.handshake.issued,
  })),
  remoteEmit: async (cmd) => {
    const found = (await io.fetchSockets()).find((s) => s.id === cmd.socketId);
    if (!found) throw new Error('no socket ' + cmd.socketId);
    found.emit(cmd.event, ...fromWire(cmd.args ?? []));
    return true;
  },
  socketsJoin: (cmd) => { selector(cmd).socketsJoin(cmd.join); return true; },
  socketsLeave: (cmd) => { selector(cmd).socketsLeave(cmd.leave); return true; },
  disconnectSockets: (cmd) => { selector(cmd).disconnectSockets(cmd.close ?? false); return true; },
  serverSideEmit: (cmd) => { io.serverSideEmit(cmd.event, ...(cmd.args ?? [])); return true; },
  serverSideEmitWithAck: async (cmd) => io.serverSideEmitWithAck(cmd.event, ...(cmd.args ?? [])),
  allRooms: async () => [...(await io.of('/').adapter.allRooms())],
  localRooms: (cmd) => [...(io.of('/').sockets.get(cmd.socketId)?.rooms ?? [])],
  serverCount: async () => io.of('/').adapter.serverCount(),
};

createInterface({ input: process.stdin }).on('line', async (line) => {
  if (!line.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(line);
    const op = ops[cmd.op];
    if (!op) throw new Error('unknown op ' + cmd.op);
    out({ id: cmd.id, result: (await op(cmd)) ?? null });
  } catch (err) {
    out({ id: cmd?.id ?? null, error: String(err?.message ?? err) });
  }
}).on('close', () => {
  io.close();
  Promise.allSettled([pubClient.quit(), subClient.quit()]).then(() => process.exit(0));
});

httpServer.listen(Number(port), '127.0.0.1', () => out({ ready: true, port: httpServer.address().port }));
