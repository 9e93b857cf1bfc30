'use strict';
// Socket.IO reference server for the realtime benchmark.
// Implements the auth / room:join / room:leave / message:send / fan-out / ping events of
// PROTOCOL.md section 2 the way a tuned Node.js Socket.IO 4.8 deployment would:
// WebSocket transport only, no compression, native bufferutil/utf-8-validate, broadcast
// packets encoded once, optional Redis adapter for multi-node and an optional batched
// PostgreSQL event log that never sits on the delivery path.
//
// Environment:
//   BENCH_PORT            listen port (default 3201)
//   BENCH_JWT_SECRET      HS256 secret (required, >= 32 bytes)
//   BENCH_ROOMS           comma-separated rooms that exist at start-up
//   BENCH_AUTO_CREATE     "true" to create rooms on first join
//   BENCH_REDIS_URL       enables @socket.io/redis-adapter (cross-node fan-out)
//   BENCH_DATABASE_URL    enables the batched PostgreSQL event log
//   BENCH_NODE_ID         node name reported in /bench/stats

const http = require('node:http');
const crypto = require('node:crypto');
const { Server } = require('socket.io');
const jwt = require('jsonwebtoken');

const port = Number(process.env.BENCH_PORT || 3201);
const secret = process.env.BENCH_JWT_SECRET || '';
const nodeId = process.env.BENCH_NODE_ID || `node-${process.pid}`;
const autoCreate = process.env.BENCH_AUTO_CREATE === 'true';
const knownRooms = new Set((process.env.BENCH_ROOMS || '').split(',').map((s) => s.trim()).filter(Boolean));
const ROOM_NAME = /^[A-Za-z0-9_:.\-]{1,128}$/;
const MAX_CONTENT = 10000;

if (Buffer.byteLength(secret) < 32) {
  console.error('BENCH_JWT_SECRET must be at least 32 bytes');
  process.exit(2);
}
// ws picks these up when present; fail loudly if the native helpers are missing.
require('bufferutil');
require('utf-8-validate');

const httpServer = http.createServer(statsHandler);
const io = new Server(httpServer, {
  transports: ['websocket'],
  allowUpgrades: false,
  perMessageDeflate: false,
  httpCompression: false,
  serveClient: false,
  pingInterval: 25000,
  pingTimeout: 20000,
  maxHttpBufferSize: 1e6,
  connectTimeout: 10000,
});

const eventLog = process.env.BENCH_DATABASE_URL ? createEventLog(process.env.BENCH_DATABASE_URL) : null;

function ok(data) {
  return { success: true, data };
}

function fail(code, message) {
  return { success: false, error: { code, message } };
}

function reply(ack, response, socket) {
  if (typeof ack === 'function') ack(response);
  else if (!response.success) socket.emit('error', response.error);
}

io.use((socket, next) => {
  const token = socket.handshake.auth && socket.handshake.auth.token;
  if (!token) return next(withCode(new Error('Authentication required'), 'AUTH_REQUIRED'));
  try {
    const claims = jwt.verify(token, secret, { algorithms: ['HS256', 'HS384', 'HS512'], clockTolerance: 30 });
    const userId = claims.sub || claims.userId;
    if (!userId) return next(withCode(new Error('Token has no user id'), 'INVALID_TOKEN'));
    socket.data.userId = String(userId);
    return next();
  } catch (e) {
    const code = e.name === 'TokenExpiredError' ? 'TOKEN_EXPIRED' : 'INVALID_TOKEN';
    return next(withCode(new Error(e.message), code));
  }
});

function withCode(err, code) {
  err.data = { code };
  return err;
}

io.on('connection', (socket) => {
  const userId = socket.data.userId;
  socket.emit('connected', { socketId: socket.id, serverTime: new Date().toISOString(), protocolVersion: '5' });
  socket.emit('authenticated', { userId, sessionId: socket.id, rooms: [] });
  if (eventLog) eventLog.add('connect', socket, null, null);

  socket.on('room:join', (payload, ack) => {
    const roomName = payload && payload.roomName;
    if (typeof roomName !== 'string' || !ROOM_NAME.test(roomName)) {
      return reply(ack, fail('VALIDATION_ERROR', 'roomName is invalid'), socket);
    }
    if (!knownRooms.has(roomName)) {
      if (!autoCreate) return reply(ack, fail('ROOM_NOT_FOUND', `Room ${roomName} does not exist`), socket);
      knownRooms.add(roomName);
    }
    if (socket.rooms.has(roomName)) {
      const local = io.sockets.adapter.rooms.get(roomName);
      return reply(ack, ok({ roomName, memberCount: local.size }), socket);
    }
    const firstOfUser = !userInRoom(roomName, userId);
    socket.join(roomName);
    countUser(roomName, userId, 1);
    // Membership is per user: a user's second tab joining is not news to the room.
    if (firstOfUser) socket.to(roomName).emit('user:joined', { roomName, userId });
    if (eventLog) eventLog.add('join', socket, roomName, null);
    const local = io.sockets.adapter.rooms.get(roomName);
    return reply(ack, ok({ roomName, memberCount: local ? local.size : 1 }), socket);
  });

  socket.on('room:leave', (payload, ack) => {
    const roomName = payload && payload.roomName;
    if (typeof roomName !== 'string' || !socket.rooms.has(roomName)) {
      return reply(ack, fail('NOT_IN_ROOM', 'Not in room'), socket);
    }
    socket.leave(roomName);
    countUser(roomName, userId, -1);
    if (!userInRoom(roomName, userId)) socket.to(roomName).emit('user:left', { roomName, userId });
    if (eventLog) eventLog.add('leave', socket, roomName, null);
    return reply(ack, ok({ roomName }), socket);
  });

  socket.on('message:send', (payload, ack) => {
    const roomName = payload && payload.roomName;
    const content = payload && payload.content;
    if (typeof roomName !== 'string' || typeof content !== 'string' || content.length === 0) {
      return reply(ack, fail('VALIDATION_ERROR', 'roomName and content are required'), socket);
    }
    if (content.length > MAX_CONTENT) return reply(ack, fail('VALIDATION_ERROR', 'content is too long'), socket);
    if (!socket.rooms.has(roomName)) return reply(ack, fail('NOT_IN_ROOM', 'Join the room first'), socket);
    const message = {
      id: crypto.randomUUID(),
      roomName,
      userId,
      content,
      threadId: payload.threadId || null,
      timestamp: new Date().toISOString(),
      metadata: payload.metadata || {},
    };
    io.to(roomName).emit('message:new', message);
    if (eventLog) eventLog.add('message', socket, roomName, message);
    return reply(ack, ok({ id: message.id, timestamp: message.timestamp }), socket);
  });

  socket.on('typing:start', (payload) => {
    const roomName = payload && payload.roomName;
    if (typeof roomName !== 'string' || !socket.rooms.has(roomName)) return;
    socket.to(roomName).emit('typing:event', {
      roomName, threadId: payload.threadId || null, users: [{ userId, startedAt: new Date().toISOString() }],
    });
  });

  socket.on('ping', (payload) => {
    socket.emit('pong', { timestamp: payload && payload.timestamp, serverTime: new Date().toISOString() });
  });

  socket.on('disconnecting', () => {
    for (const roomName of socket.rooms) {
      if (roomName === socket.id) continue;
      countUser(roomName, userId, -1);
      if (!userInRoom(roomName, userId)) socket.to(roomName).emit('user:left', { roomName, userId });
    }
  });

  socket.on('disconnect', () => {
    if (eventLog) eventLog.add('disconnect', socket, null, null);
  });
});

// room -> (userId -> local connection count), so "first connection of this user" is O(1).
const roomUsers = new Map();

function userInRoom(roomName, userId) {
  const users = roomUsers.get(roomName);
  return users !== undefined && users.has(userId);
}

function countUser(roomName, userId, delta) {
  let users = roomUsers.get(roomName);
  if (!users) roomUsers.set(roomName, (users = new Map()));
  const n = (users.get(userId) || 0) + delta;
  if (n > 0) users.set(userId, n);
  else users.delete(userId);
}

// Plain HTTP next to Socket.IO: memory figures for the idle-connection scenario.
function statsHandler(req, res) {
  if (!req.url.startsWith('/bench/stats')) return; // Socket.IO answers its own paths
  if (req.url.includes('gc=1') && global.gc) global.gc();
  const mem = process.memoryUsage();
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({
    nodeId,
    connections: io.engine.clientsCount,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
    eventLogRows: eventLog ? eventLog.written() : 0,
    eventLogDropped: eventLog ? eventLog.dropped() : 0,
  }));
}

// Batched writer: a bounded in-memory buffer flushed every 50 ms with one multi-row INSERT.
function createEventLog(url) {
  const { Pool } = require('pg');
  const pool = new Pool({ connectionString: url, max: 2 });
  const LIMIT = 100000;
  const BATCH = 5000;
  let buffer = [];
  let written = 0;
  let dropped = 0;
  let flushing = false;
  const ready = pool.query(`CREATE TABLE IF NOT EXISTS bench_socketio_events (
      id bigserial PRIMARY KEY, event_type text NOT NULL, socket_id text, user_id text, room_name text,
      payload jsonb, ip text, created_at timestamptz NOT NULL DEFAULT now())`);
  ready.catch((e) => console.error('event log disabled:', e.message));

  async function flush() {
    if (flushing || buffer.length === 0) return;
    flushing = true;
    const batch = buffer.splice(0, BATCH);
    const cols = [[], [], [], [], [], []];
    for (const row of batch) for (let i = 0; i < 6; i++) cols[i].push(row[i]);
    try {
      await ready;
      await pool.query(
        `INSERT INTO bench_socketio_events (event_type, socket_id, user_id, room_name, payload, ip)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[])`, cols);
      written += batch.length;
    } catch (e) {
      dropped += batch.length; // a database failure degrades logging, never delivery
    } finally {
      flushing = false;
      if (buffer.length >= BATCH) setImmediate(flush);
    }
  }
  setInterval(flush, 50).unref();

  return {
    add(type, socket, roomName, payload) {
      if (buffer.length >= LIMIT) { dropped++; return; }
      buffer.push([type, socket.id, socket.data.userId, roomName,
        payload ? JSON.stringify(payload) : null, socket.handshake.address]);
    },
    written: () => written,
    dropped: () => dropped,
  };
}

async function start() {
  if (process.env.BENCH_REDIS_URL) {
    const { createClient } = require('redis');
    const { createAdapter } = require('@socket.io/redis-adapter');
    const pub = createClient({ url: process.env.BENCH_REDIS_URL });
    const sub = pub.duplicate();
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub, { key: process.env.BENCH_REDIS_KEY || 'bench-socket.io' }));
  }
  httpServer.listen(port, '127.0.0.1', () => console.log(`socket.io reference ${nodeId} listening on ${port}`));
}

process.on('SIGTERM', () => process.exit(0));
start().catch((e) => {
  console.error(e);
  process.exit(1);
});
