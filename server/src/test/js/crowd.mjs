// Many official clients through a load balancer, for the drain benchmark (DrainBenchmark.java).
// Usage: node crowd.mjs <url> <count>
// Half the clients use long-polling only, half start with polling and upgrade to websocket; all keep
// cookies (withCredentials). Prints a JSON status line every 100 ms until killed:
// {t, connected, connectErrors, disconnects, byNode}
import { io } from 'socket.io-client';

const [url, count] = process.argv.slice(2);
const started = Date.now();
const sockets = [];
let connectErrors = 0;
let disconnects = 0;

for (let i = 0; i < Number(count); i++) {
  const socket = io(url, {
    transports: i % 2 === 0 ? ['polling'] : ['polling', 'websocket'],
    withCredentials: true,
    forceNew: true,
    reconnectionDelay: 200,
    reconnectionDelayMax: 2000,
  });
  socket.node = null;
  socket.on('my_response', (m) => { if (m && m.data === 'Connected') socket.node = m.node; });
  socket.on('connect_error', () => connectErrors++);
  socket.on('disconnect', () => { disconnects++; socket.node = null; });
  sockets.push(socket);
}

setInterval(() => {
  const byNode = {};
  let connected = 0;
  for (const socket of sockets) {
    if (socket.connected && socket.node) {
      connected++;
      byNode[socket.node] = (byNode[socket.node] || 0) + 1;
    }
  }
  console.log(JSON.stringify({ t: Date.now() - started, connected, connectErrors, disconnects, byNode }));
}, 100);
