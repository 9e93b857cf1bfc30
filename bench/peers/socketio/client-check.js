'use strict';
// Cross-check of the Java load generator with the official socket.io-client, at small scale:
// N clients join one room, publishers emit message:send open-loop (each message stamped with
// the time it was due), every client records the delivery latency. Prints one JSON line in the
// same shape as the generator's "fixed" records.
//
// usage: node client-check.js --port 3201 --secret S [--members 50] [--deliveries 5000]
//                              [--seconds 10] [--room bench-fixed] [--protocol socketio]

const { io } = require('socket.io-client');
const jwt = require('jsonwebtoken');

const opts = parseArgs(process.argv.slice(2));
const port = Number(opts.port || 3201);
const members = Number(opts.members || 50);
const deliveries = Number(opts.deliveries || 5000);
const seconds = Number(opts.seconds || 10);
const warmup = Number(opts.warmup || 3);
const room = opts.room || 'bench-fixed';
const publishers = Math.min(members, 10);
const rate = deliveries / members;
const origin = process.hrtime.bigint();
const nowNs = () => Number(process.hrtime.bigint() - origin);

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}

function connect(i) {
  const token = jwt.sign({ sub: `check-${i}` }, opts.secret, { algorithm: 'HS256', expiresIn: '1d' });
  const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { token }, reconnection: false });
  return new Promise((resolve, reject) => {
    socket.on('connect_error', reject);
    socket.on('connect', () => socket.emit('room:join', { roomName: room }, (ack) => {
      if (ack && ack.success) resolve(socket);
      else reject(new Error(JSON.stringify(ack)));
    }));
  });
}

async function main() {
  const sockets = [];
  for (let i = 0; i < members; i++) sockets.push(await connect(i));
  let measuring = false;
  let stepStart = Infinity;
  const latencies = [];
  let sendErrors = 0;
  for (const s of sockets) {
    s.on('message:new', (m) => {
      const at = m.content.indexOf('T@');
      if (at < 0) return;
      const due = Number(m.content.substring(at + 2, at + 17));
      if (measuring && due >= stepStart) latencies.push((nowNs() - due) / 1e6);
    });
  }
  const pad = 'x'.repeat(64 - 18);
  const run = (durationS) => new Promise((resolve) => {
    const start = nowNs() + 20e6;
    const interval = 1e9 / rate;
    const end = start + durationS * 1e9;
    let index = 0;
    let sent = 0;
    const tick = () => {
      const now = nowNs();
      while (start + index * interval <= now && start + index * interval < end) {
        const due = Math.floor(start + index * interval);
        const content = `T@${String(due).padStart(15, '0')}@${pad}`;
        sockets[index % publishers].emit('message:send', { roomName: room, content }, (ack) => {
          if (!ack || !ack.success) sendErrors++;
        });
        index++;
        sent++;
      }
      if (start + index * interval < end) setTimeout(tick, 1);
      else resolve({ start, sent });
    };
    tick();
  });

  await run(warmup);
  await new Promise((r) => setTimeout(r, 1000));
  measuring = true;
  stepStart = nowNs();
  const { start, sent } = await run(seconds);
  const expected = sent * members;
  const deadline = Date.now() + 3000;
  while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  measuring = false;
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
  console.log(JSON.stringify({
    server: opts.server || 'socketio',
    scenario: 'client-check',
    client: 'socket.io-client',
    members,
    rate,
    deliveries_per_s: Math.round(latencies.length / seconds),
    p50_ms: +pct(50).toFixed(3),
    p99_ms: +pct(99).toFixed(3),
    max_ms: +(latencies[latencies.length - 1] || 0).toFixed(3),
    sent,
    expected,
    received: latencies.length,
    lost: Math.max(0, expected - latencies.length),
    send_errors: sendErrors,
    started_ns: start,
  }));
  for (const s of sockets) s.close();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
