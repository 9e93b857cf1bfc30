// Drives real socket.io-client sockets for the Java integration tests.
// Commands arrive as JSON lines on stdin; everything the sockets see goes out as JSON lines on stdout.
//   {"cmd":"connect","id":"a","url":"http://127.0.0.1:3101","auth":{"token":"..."}}
//   {"cmd":"emit","id":"a","event":"room:join","data":{...},"seq":1}        (seq present: wait for the ack)
//   {"cmd":"emit",...,"binary":"text"}   adds a binary attachment, making it a Socket.IO BINARY_EVENT
//   {"cmd":"disconnect","id":"a"}   {"cmd":"exit"}
import { io } from "socket.io-client";
import { createInterface } from "node:readline";

const sockets = new Map();
const out = (message) => process.stdout.write(JSON.stringify(message) + "\n");

function connect({ id, url, auth, options }) {
  const socket = io(url, {
    transports: ["websocket"],
    auth: auth ?? {},
    reconnection: false,
    forceNew: true,
    timeout: 10000,
    ...(options ?? {}),
  });
  sockets.set(id, socket);
  socket.on("connect", () => out({ id, type: "connect", socketId: socket.id }));
  socket.on("connect_error", (err) => out({ id, type: "connect_error", message: err.message, data: err.data ?? null }));
  socket.on("disconnect", (reason) => out({ id, type: "disconnect", reason }));
  socket.onAny((event, data) => out({ id, type: "event", event, data: data ?? null }));
}

function emit({ id, event, data, seq, binary }) {
  if (binary) {
    data = { ...(data ?? {}), attachment: Buffer.from(binary) };
  }
  const socket = sockets.get(id);
  if (!socket) {
    out({ id, type: "driver_error", message: "no socket " + id });
    return;
  }
  if (seq === undefined || seq === null) {
    socket.emit(event, data);
  } else {
    socket.timeout(10000).emit(event, data, (err, response) => {
      out({ id, type: "ack", seq, data: err ? null : response, error: err ? String(err.message) : null });
    });
  }
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  let command;
  try {
    command = JSON.parse(line);
  } catch (e) {
    out({ type: "driver_error", message: "bad command: " + line });
    return;
  }
  switch (command.cmd) {
    case "connect": connect(command); break;
    case "emit": emit(command); break;
    case "disconnect": sockets.get(command.id)?.disconnect(); break;
    case "exit": for (const s of sockets.values()) s.disconnect(); process.exit(0); break;
    default: out({ type: "driver_error", message: "unknown command " + command.cmd });
  }
});
lines.on("close", () => { for (const s of sockets.values()) s.disconnect(); process.exit(0); });
out({ type: "ready" });
