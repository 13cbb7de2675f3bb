// The official socket.io-client with connection state recovery, for RecoveryIT and ClusterRecoveryIT: it
// reconnects by itself, keeps the private session id and the last offset it received, and so recovers.
// Usage: node recovery-client.mjs <url> <polling|websocket> <room,room,...> [name]
// On each connection that is not recovered it joins the rooms (the demo app's "join", acknowledged); a
// recovered one does not, its rooms come back with it. Prints one JSON object per line:
//   {"event":"connect","id":...,"recovered":true|false}   {"event":"joined","rooms":[...]}
//   {"event":"disconnect","reason":...}   {"event":"connect_error","message":...}
//   {"event":"on","name":...,"args":[...]}   every event received, the offset (last argument) included
// Reads commands on stdin, one per line: "disconnect" (a deliberate client disconnect), "connect", "exit".
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';

const [url, transport, rooms = '', name = 'client'] = process.argv.slice(2);
const out = (obj) => console.log(JSON.stringify({ client: name, ...obj }));
const wanted = rooms.split(',').filter((room) => room.length > 0);

const socket = io(url, {
  transports: [transport],
  withCredentials: true,
  forceNew: true,
  reconnectionDelay: 100,
  reconnectionDelayMax: 300,
  randomizationFactor: 0,
});

socket.on('connect', async () => {
  out({ event: 'connect', id: socket.id, recovered: socket.recovered });
  if (socket.recovered) return;
  try {
    for (const room of wanted) {
      await socket.timeout(5000).emitWithAck('join', { room });
    }
    out({ event: 'joined', rooms: wanted });
  } catch (err) {
    out({ event: 'join_failed', message: String(err) });
  }
});
socket.on('disconnect', (reason) => out({ event: 'disconnect', reason }));
socket.on('connect_error', (err) => out({ event: 'connect_error', message: err.message }));
socket.onAny((eventName, ...args) => out({ event: 'on', name: eventName, args }));

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim();
  if (command === 'disconnect') socket.disconnect();
  else if (command === 'connect') socket.connect();
  else if (command === 'exit') { socket.close(); process.exit(0); }
}).on('close', () => { socket.close(); process.exit(0); });
