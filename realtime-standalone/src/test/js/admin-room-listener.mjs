// Room members for the admin API tests: real socket.io-client sockets that join a room and print, one JSON line
// each, everything they receive. Usage: node admin-room-listener.mjs URL ROOM USER=TOKEN [USER=TOKEN ...]
// socket.io-client is resolved from the directory in SOCKET_IO_CLIENT_DIR (a directory holding node_modules).
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.SOCKET_IO_CLIENT_DIR ?? process.cwd(), 'package.json'));
const { io } = require('socket.io-client');

const [url, room, ...users] = process.argv.slice(2);
const print = (line) => process.stdout.write(JSON.stringify(line) + '\n');
let joined = 0;

for (const pair of users) {
  const [user, token] = pair.split('=');
  const socket = io(url, { transports: ['websocket'], auth: { token }, reconnection: false });
  socket.onAny((event, data) => print({ user, type: 'event', event, data }));
  socket.on('connect_error', (err) => print({ user, type: 'connect_error', message: err.message }));
  socket.on('connect', () => {
    socket.emit('room:join', { roomName: room }, (ack) => {
      print({ user, type: 'joined', ack });
      joined += 1;
      if (joined === users.length) {
        print({ type: 'ready' });
      }
    });
  });
}

process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
