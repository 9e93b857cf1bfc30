// Drives real socket.io-client sockets for the Java integration tests of the Netty transport.
// Commands arrive as JSON lines on stdin; everything the sockets see goes out as JSON lines on stdout.
//   {"cmd":"connect","id":"a","url":"http://127.0.0.1:3101","auth":{"token":"..."},"options":{...}}
//       options are socket.io-client's own; without "transports" the client's defaults apply
//       (long-polling first, then the upgrade to WebSocket), as with a plain io(url); the driver's own option
//       "localAddress" makes every request of the socket leave from that address (a loopback alias such as
//       127.0.0.2 stands for another client machine behind a proxy that hashes on the client address)
//   {"cmd":"emit","id":"a","event":"room:join","data":{...},"seq":1}        (seq present: wait for the ack)
//   {"cmd":"emit",...,"binary":"text"}   adds a binary attachment, making it a Socket.IO BINARY_EVENT
//   {"cmd":"disconnect","id":"a"}   {"cmd":"exit"}
//   {"cmd":"cut","id":"a"}   closes the socket's Engine.IO connection as a network drop would: a socket
//       connected with reconnection on reconnects by itself ("connect" then reports whether it was recovered)
// Besides connect/connect_error/disconnect/event/ack, a socket reports {"type":"transport","name":...} when
// its Engine.IO connection opens and {"type":"upgrade","name":"websocket"} when it upgrades.
import { io } from "socket.io-client";
import { createInterface } from "node:readline";
import { Agent } from "node:http";

const sockets = new Map();
const out = (message) => process.stdout.write(JSON.stringify(message) + "\n");

// Long-polling requests take their source address from the agent; the WebSocket transport from localAddress.
function bindTo(localAddress) {
  return localAddress ? { agent: new Agent({ keepAlive: true, localAddress }), localAddress } : {};
}

function connect({ id, url, auth, options }) {
  const { localAddress, ...clientOptions } = options ?? {};
  const socket = io(url, {
    auth: auth ?? {},
    reconnection: false,
    forceNew: true,
    timeout: 10000,
    ...bindTo(localAddress),
    ...clientOptions,
  });
  sockets.set(id, socket);
  socket.io.on("open", () => {
    const engine = socket.io.engine;
    out({ id, type: "transport", name: engine.transport.name });
    engine.on("upgrade", (transport) => out({ id, type: "upgrade", name: transport.name }));
  });
  // _pid: the recovery session id the server handed out (connection state recovery), read by the recovery tests.
  socket.on("connect", () => out({ id, type: "connect", socketId: socket.id, recovered: socket.recovered, pid: socket._pid ?? null }));
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
    case "cut": sockets.get(command.id)?.io.engine.close(); break;
    case "exit": for (const s of sockets.values()) s.disconnect(); process.exit(0); break;
    default: out({ type: "driver_error", message: "unknown command " + command.cmd });
  }
});
lines.on("close", () => { for (const s of sockets.values()) s.disconnect(); process.exit(0); });
out({ type: "ready" });
