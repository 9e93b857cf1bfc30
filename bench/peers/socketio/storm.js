'use strict';
// Reconnect storm with the official socket.io-client: N clients connect at once (cold start), then, when the
// server is restarted under them, reconnect by themselves (the client's automatic reconnection). Prints one
// JSON line per phase ("cold", then "restart") and the line "STORM cold done" between them, which is when
// bench/storm.sh restarts the server.
//
// usage: node storm.js --port P[,P2...] --secret S [--clients 5000] [--users 1000] [--room-users 10] [--workers 4]
//                      [--server realtime|socketio] [--admin-url http://127.0.0.1:H --admin-token T]
//                      [--stats-url http://127.0.0.1:P/bench/stats] [--restart-file F] [--phases cold,restart]
//                      [--cold-deadline 60] [--restart-deadline 120] (seconds until everyone should be in)
//
// Several ports (and as many admin URLs) are the nodes of one cluster: user u's clients all connect to node
// u % nodes (as a load balancer that keeps a user on one node would), the observer to the last node, which the
// two-node mode of storm.sh does not restart; presence is checked on every node (each must show every user of
// the cluster once, with their connection count on all nodes).
//
// Client i is user u = i % users, in room storm-floor(u / room-users): small rooms (10 users, 50 connections
// with 5,000 clients) stay below the server's announce limit (1,000 connections), so every user's first
// connection is announced with user:joined and the observer can check that no user is announced twice, while
// the announcements stay a small part of the work (one room of everyone would announce nothing in realtime and
// cost the Socket.IO server n²/2 frames). The clients are spread over worker
// processes so that one event loop does not serialise all handshakes.

const { fork } = require('node:child_process');
const jwt = require('jsonwebtoken');

const opts = parseArgs(process.argv.slice(2));
if (opts.worker) worker();
else main().catch((e) => { console.error(e); process.exit(1); });

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '');
    if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[key] = argv[++i];
    else out[key] = true;
  }
  return out;
}

// ---- worker: owns a slice of the clients, reports what happens to each in batches ----------------------------
function worker() {
  const { io } = require('socket.io-client');
  let pending = [];
  const report = (i, kind, extra) => pending.push([i, kind, Date.now(), extra]);
  const flush = setInterval(() => {
    if (pending.length) process.send({ events: pending });
    pending = [];
  }, 100);
  const sockets = [];
  process.on('disconnect', () => process.exit(0)); // the parent is gone
  process.on('message', (msg) => {
    if (msg.go) {
      for (const c of msg.clients) sockets.push(connect(c));
    } else if (msg.stop) {
      for (const s of sockets) s.disconnect();
      clearInterval(flush);
      if (pending.length) process.send({ events: pending }, () => process.exit(0));
      else process.exit(0);
    }
  });

  function connect({ i, token, room, port }) {
    // Defaults otherwise: 20 s connect timeout, reconnection with 1-5 s backoff and 0.5 jitter.
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], auth: { token }, forceNew: true });
    socket.on('connect', () => {
      report(i, 'connect');
      socket.emit('room:join', { roomName: room }, (ack) => report(i, ack && ack.success ? 'joined' : 'join-failed',
        ack && ack.success ? undefined : JSON.stringify(ack && ack.error)));
    });
    socket.on('connect_error', (err) => report(i, 'error', err.message + (socket.active ? '' : ' (gave up)')));
    socket.on('disconnect', (reason) => report(i, 'disconnect', reason));
    return socket;
  }
}

// ---- parent: tokens, observer, phases, checks ---------------------------------------------------------------
async function main() {
  const { io } = require('socket.io-client');
  const clients = Number(opts.clients || 5000);
  const users = Math.min(Number(opts.users || 1000), clients);
  const roomUsers = Number(opts['room-users'] || 10);
  const roomCount = Math.ceil(users / roomUsers);
  const workers = Math.max(1, Math.min(Number(opts.workers || 4), clients));
  const phases = String(opts.phases || 'cold,restart').split(',');
  const server = opts.server || 'realtime';
  const ports = String(opts.port).split(',');
  const adminUrls = opts['admin-url'] ? String(opts['admin-url']).split(',') : [];
  const nodeOf = (i) => (i % users) % ports.length; // all of a user's clients on one node
  const roomOf = (u) => `storm-${Math.floor(u / roomUsers)}`;
  const userId = (u) => `storm-user-${u}`;
  const tokens = [];
  for (let u = 0; u < users; u++) tokens.push(jwt.sign({ sub: userId(u) }, opts.secret, { algorithm: 'HS256', expiresIn: '1d' }));

  // Per client: the times of its events in the current phase.
  // timedOut: a connection attempt of this phase ended in the client's 20 s connect timeout
  const state = Array.from({ length: clients }, () => ({ connect: 0, joined: 0, down: 0, timedOut: false }));
  const errors = {};
  let phase = 'cold';
  let phaseStart = 0;
  let firstDown = 0;
  let coldDone = false;
  let restartStarted = null;
  const restartBegins = new Promise((resolve) => { restartStarted = resolve; });
  const announced = new Map(); // observer: "room|user" -> user:joined events in this phase
  const startRestartPhase = (t) => {
    phase = 'restart';
    firstDown = t;
    announced.clear();
    for (const s of state) s.timedOut = false;
    restartStarted();
  };
  const onEvent = ([i, kind, t, extra]) => {
    const s = state[i];
    if (kind === 'connect' && !s.connect) s.connect = t;
    else if (kind === 'joined' && !s.joined) s.joined = t;
    else if (kind === 'disconnect') {
      if (phase === 'cold' && phases.includes('restart') && coldDone) startRestartPhase(t);
      s.down = t;
      s.connect = 0;
      s.joined = 0;
    } else if (kind === 'error' || kind === 'join-failed') {
      if (kind === 'error' && String(extra).startsWith('timeout')) s.timedOut = true;
      const key = `${phase}: ${extra}`;
      errors[key] = (errors[key] || 0) + 1;
    }
  };

  // The observer: one more user, in every storm room, counting user:joined per phase.
  const observer = io(`http://127.0.0.1:${ports[ports.length - 1]}`, {
    transports: ['websocket'], forceNew: true,
    auth: { token: jwt.sign({ sub: 'storm-observer' }, opts.secret, { algorithm: 'HS256', expiresIn: '1d' }) },
  });
  const observerJoined = () => new Promise((resolve) => {
    let left = roomCount;
    for (let r = 0; r < roomCount; r++) {
      observer.emit('room:join', { roomName: `storm-${r}` }, (ack) => {
        if (!ack || !ack.success) console.error('observer join failed', JSON.stringify(ack));
        if (--left === 0) resolve();
      });
    }
  });
  observer.on('connect', observerJoined);
  let observerDrops = 0; // the observer's own disconnects in this phase: announcements it missed meanwhile
  observer.on('disconnect', () => { observerDrops++; });
  observer.on('user:joined', (e) => {
    const key = `${e.roomName}|${e.userId}`;
    announced.set(key, (announced.get(key) || 0) + 1);
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('observer could not connect')), 30000);
    observer.once('connect', () => observerJoined().then(() => { clearTimeout(timer); resolve(); }));
  });

  const children = [];
  for (let w = 0; w < workers; w++) {
    const child = fork(__filename, ['--worker'], { execArgv: process.env.STORM_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.STORM_PROF] : [] });
    child.on('message', (msg) => msg.events.forEach(onEvent));
    children.push(child);
  }
  await sleep(500); // the workers load socket.io-client before the storm starts

  // Cold start: every client at once.
  phaseStart = Date.now();
  for (let w = 0; w < workers; w++) {
    const slice = [];
    for (let i = w; i < clients; i += workers) {
      slice.push({ i, token: tokens[i % users], room: roomOf(i % users), port: ports[nodeOf(i)] });
    }
    children[w].send({ go: true, clients: slice });
  }
  await waitAll(Number(opts['cold-deadline'] || 60) * 1000, phaseStart);
  await sleep(2000); // late acks and announcements
  emit(await summary('cold', phaseStart));
  coldDone = true;
  console.log('STORM cold done');

  if (phases.includes('restart')) {
    const deadline = Number(opts['restart-deadline'] || 120) * 1000;
    // storm.sh may wait up to 2 minutes (the server's class-data archive) before it sends SIGTERM
    const began = await Promise.race([restartBegins.then(() => true), sleep(300000).then(() => false)]);
    if (began) {
      await waitAll(deadline, firstDown);
      await sleep(2000);
      emit(await summary('restart', firstDown));
    } else {
      emit({ phase: 'restart', error: 'no disconnect within 300 s' });
    }
  }
  observer.disconnect();
  for (const child of children) child.send({ stop: true });
  await Promise.all(children.map((c) => new Promise((resolve) => c.once('exit', resolve))));
  process.exit(0);

  // Waits until every client has joined its room (in this phase) or the deadline passes.
  async function waitAll(limitMs, from) {
    while (Date.now() - from < limitMs && state.some((s) => !s.joined)) await sleep(100);
  }

  async function summary(name, from) {
    const connected = state.filter((s) => s.connect).map((s) => s.connect - from).sort((a, b) => a - b);
    const joined = state.filter((s) => s.joined).map((s) => s.joined - from).sort((a, b) => a - b);
    const pct = (xs, p) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] : null);
    const out = {
      phase: name, server, clients, users, rooms: roomCount, workers, nodes: ports.length,
      connected: connected.length,
      connectedWithin20s: connected.filter((t) => t <= 20000).length,
      // connected now, and no attempt of this phase ended in the 20 s connect timeout
      connectedWithoutTimeout: state.filter((s) => s.connect && !s.timedOut).length,
      joined: joined.length,
      allConnectedMs: connected.length === clients ? connected[connected.length - 1] : null,
      allJoinedMs: joined.length === clients ? joined[joined.length - 1] : null,
      connectP50Ms: pct(connected, 50), connectP99Ms: pct(connected, 99),
      errors: Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith(name))),
    };
    if (name === 'restart' && opts['restart-file']) {
      try { out.server_restart = JSON.parse(require('node:fs').readFileSync(opts['restart-file'], 'utf8')); } catch (e) { /* not written */ }
      if (out.server_restart && out.server_restart.healthAt && out.allJoinedMs !== null) {
        out.allJoinedAfterHealthMs = from + out.allJoinedMs - out.server_restart.healthAt;
      }
    }
    // user:joined seen by the observer: at most one per user and room (exactly one in a cold start).
    const counts = [...announced.values()];
    out.userJoined = {
      users: announced.size, events: counts.reduce((a, b) => a + b, 0), duplicated: counts.filter((c) => c > 1).length,
      observerDisconnects: observerDrops,
    };
    observerDrops = 0;
    out.state = await serverState(joinedPerUser());
    return out;
  }

  function joinedPerUser() {
    const per = new Array(users).fill(0);
    state.forEach((s, i) => { if (s.joined) per[i % users]++; });
    return per;
  }

  // What the servers say: their connection counts, and (realtime, admin API) every user's presence on each node.
  async function serverState(expectedPerUser) {
    const out = {};
    try {
      if (opts['stats-url']) {
        out.connections = (await getJson(opts['stats-url'])).connections;
      }
      if (adminUrls.length) {
        out.connections = 0;
        out.presence = { users, online: 0, wrongCount: 0, examples: [] };
        if (adminUrls.length > 1) out.nodes = [];
        for (let n = 0; n < adminUrls.length; n++) {
          const node = await nodeState(adminUrls[n], expectedPerUser);
          out.connections += node.connections;
          out.presence.online = Math.max(out.presence.online, node.presence.online);
          out.presence.wrongCount += node.presence.wrongCount;
          out.presence.examples.push(...node.presence.examples.slice(0, 5 - out.presence.examples.length));
          if (out.nodes) {
            // this node's own connections: its users' joined clients (+ the observer on the last node)
            let expected = n === adminUrls.length - 1 ? 1 : 0;
            expectedPerUser.forEach((c, u) => { if (u % adminUrls.length === n) expected += c; });
            out.nodes.push({ connections: node.connections, expectedConnections: expected, presenceWrong: node.presence.wrongCount });
          }
        }
      }
    } catch (e) {
      out.error = e.message;
    }
    out.expectedConnections = expectedPerUser.reduce((a, b) => a + b, 0) + 1; // + the observer
    return out;
  }

  // One node's connection count, and whether it shows every user with their cluster-wide connection count.
  async function nodeState(adminUrl, expectedPerUser) {
    const connections = (await getJson(`${adminUrl}/api/connections`)).count;
    let online = 0;
    let wrongCount = 0;
    const examples = [];
    for (let from = 0; from < users; from += 100) {
      const ids = [];
      for (let u = from; u < Math.min(users, from + 100); u++) ids.push(userId(u));
      const { presences } = await getJson(`${adminUrl}/api/presence?userIds=${ids.join(',')}`);
      for (const p of presences) {
        const u = Number(p.userId.slice('storm-user-'.length));
        if (p.status !== 'offline') online++;
        if (p.connectionCount !== expectedPerUser[u]) {
          wrongCount++;
          if (examples.length < 5) examples.push(`${p.userId}: ${p.status} ${p.connectionCount} (expected ${expectedPerUser[u]})`);
        }
      }
    }
    return { connections, presence: { users, online, wrongCount, examples } };
  }

  async function getJson(url) {
    const headers = opts['admin-token'] ? { authorization: `Bearer ${opts['admin-token']}` } : {};
    const res = await fetch(url, { headers, signal: AbortSignal.timeout(10000) });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return res.json();
  }

  function emit(record) {
    console.log(JSON.stringify(record));
  }
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
