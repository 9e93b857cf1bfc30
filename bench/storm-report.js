'use strict';
// Tables of bench/storm.sh records: every figure as min / median / max over the runs of one set (label, server,
// clients). Prints the "Reconnect storm" section of docs/benchmarks.md; with --docs FILE it also replaces that
// section in FILE (or inserts it before "## How these numbers are made").
//
// usage: node storm-report.js RUNS.jsonl [MORE.jsonl ...] [--docs docs/benchmarks.md]

const fs = require('node:fs');

const args = process.argv.slice(2);
const docsAt = args.indexOf('--docs');
const docs = docsAt >= 0 ? args.splice(docsAt, 2)[1] : null;
const records = args.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));

const groups = new Map();
for (const r of records) {
  const key = [r.phase, r.label, r.clients, serverName(r)].join('|');
  if (!groups.has(key)) groups.set(key, []);
  groups.get(key).push(r);
}
const sets = (phase) => [...groups.entries()].filter(([k]) => k.startsWith(`${phase}|`))
  .sort(([a], [b]) => {
    const [, la, ca, sa] = a.split('|');
    const [, lb, cb, sb] = b.split('|');
    return (lb.startsWith('shipped') ? 1 : 0) - (la.startsWith('shipped') ? 1 : 0) || la.localeCompare(lb) || ca - cb || sa.localeCompare(sb);
  })
  .map(([, rs]) => rs);

// "min / median / max" of f over the runs (a single value when they agree; "–" when not measured)
function mmm(rs, f, digits = 0) {
  const xs = rs.map(f).filter((x) => x !== null && x !== undefined && !Number.isNaN(x)).sort((a, b) => a - b);
  if (!xs.length) return '–';
  const fmt = (x) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const mid = xs[Math.floor((xs.length - 1) / 2)];
  const lo = fmt(xs[0]);
  const hi = fmt(xs[xs.length - 1]);
  const missing = xs.length < rs.length ? ` (${rs.length - xs.length} of ${rs.length} runs without)` : '';
  return (lo === hi ? lo : `${lo} / ${fmt(mid)} / ${hi}`) + missing;
}
// "realtime, 2 nodes" for a cluster run (STORM_NODES), else the server's name
function serverName(r) {
  return r.nodes > 1 ? `${r.server}, ${r.nodes} nodes` : r.server;
}
const single = (r) => !(r.nodes > 1); // figures of one process (CPU, RSS) are only meaningful for one node
const s = (ms) => (ms === null || ms === undefined ? null : ms / 1000);
const rssPerConn = (r) => (single(r) && r.rssAfterKb && r.rssBeforeKb ? ((r.rssAfterKb - r.rssBeforeKb) * 1024) / r.clients / 1000 : null);
const presence = (r) => (r.state && r.state.presence ? r.state.presence.wrongCount : null);
const dups = (r) => (r.userJoined ? r.userJoined.duplicated : null);
const row = (cells) => `| ${cells.join(' | ')} |`;
// What a set ran with: a "shipped..." label (the launcher's defaults; the label names the pass), else its JVM flags
const shipped = (r) => r.label.startsWith('shipped');
const flags = (r) => {
  if (r.server === 'socketio') return shipped(r) ? `Node 20 (pass "${r.label}")` : 'Node 20';
  if (shipped(r)) return r.label;
  const opts = (r.javaOpts || '').replace(/-Xlog:\S+/g, '').replace(/\s+/g, ' ').replace(/-XX:SharedArchiveFile=\S+/, '-XX:SharedArchiveFile=(archive)').trim();
  return opts ? `\`${opts}\`` : 'JVM defaults';
};

const out = [];
out.push('## Reconnect storm');
out.push('');
out.push(`\`bench/storm.sh\`: N official \`socket.io-client\` 4.8 clients (\`transports: ["websocket"]\`, \`auth: { token }\`, HS256
tokens of 1,000 users, so 5 connections per user at 5,000 clients and 19 at 19,000; 10 users a room, one room per
client) connect at once to a server started as the README says (\`bin/realtime serve\`: the shipped JVM flags,
\`DEFAULT_JAVA_OPTS\` in \`bin/realtime\`), as soon as its /health answers (issue 17 waited 8 s; at once is harsher).
Then the server gets SIGTERM and is started again with the same command, and the clients reconnect by themselves
(the client's automatic reconnection, 1-5 s back-off). Server on CPU 0, clients (4 Node processes) on CPU 1. Each
cell is min / median / max over the runs (their number is in the last column); the machine was shared with other
builds and tests, so expect a wide spread. Reproduce with \`STORM_CLIENTS="5000 19000" bench/storm.sh\` (about 30
minutes here; \`STORM_RUNS\`, \`STORM_SERVERS\`, \`STORM_JAVA_OPTS\` and \`STORM_CDS\` change what runs,
\`STORM_CLIENTS=0\` measures start-up alone, \`STORM_NODES=2 STORM_SERVERS=realtime\` runs two realtime nodes on the
local Redis, each user's clients on one of them, and restarts only the first). What the figures show, and the
commands of these passes: "What the reconnect-storm run shows" below.`);
out.push('');
out.push('After a cold start (time from the first connection attempt; "connected" = the Socket.IO `connect` event, "all in" =');
out.push('every client connected and its `room:join` acknowledged; RSS per connection = growth of the server\'s VmRSS from');
out.push('before the storm to 2 s after the last join, divided by the clients):');
out.push('');
out.push(row(['clients', 'server', 'pass / JVM flags', 'connected', 'within the 20 s timeout', 'all in, s', 'start → /health, s', 'server CPU, ms per connection', 'RSS KB/connection', 'RSS after, MB', 'runs']));
out.push(row(Array(11).fill('---')));
for (const rs of sets('cold')) {
  const r0 = rs[0];
  out.push(row([r0.clients.toLocaleString('en-US'), serverName(r0), flags(r0),
    mmm(rs, (r) => r.connected), mmm(rs, (r) => r.connectedWithin20s), mmm(rs, (r) => s(r.allJoinedMs), 1),
    mmm(rs, (r) => s(r.coldStart.launchToHealthMs), 2), mmm(rs, (r) => (single(r) ? r.serverColdCpuMs / r.clients : null), 2),
    mmm(rs, rssPerConn, 1), mmm(rs, (r) => (single(r) ? r.rssAfterKb / 1024 : null), 0), rs.length]));
}
if (sets('cold').some((rs) => rs[0].server === 'realtime' && !shipped(rs[0]))) {
  out.push('');
  out.push('Rows with other flags than "shipped" are passes of the cold storm alone with `STORM_JAVA_OPTS` (no class-data archive');
  out.push('of the launcher; a "-XX:SharedArchiveFile" row maps an archive made by an earlier run), for comparison.');
}
out.push('');
out.push('After SIGTERM and a restart with the same command (times from the first disconnect the clients saw; the restarted');
out.push('server takes connections while it starts, so its start → /health includes serving the first of them; "presence');
out.push('wrong" = users whose presence in the admin API is not online with exactly their number of connections; "user:joined');
out.push('twice" = users the observer client saw announced more than once in a room; "within the 20 s timeout" = clients');
out.push('back whose reconnection attempts all succeeded without the client\'s 20 s connect timeout; with two nodes only the');
out.push('first is restarted, the clients of the other stay connected, and presence is checked on both):');
out.push('');
out.push(row(['clients', 'server', 'pass / JVM flags', 'SIGTERM → exit, s', 'start → /health, s', 'back', 'within the 20 s timeout', 'all in, s', 'all in after /health, s', 'connections on the server', 'presence wrong', 'user:joined twice', 'runs']));
out.push(row(Array(13).fill('---')));
for (const rs of sets('restart')) {
  const r0 = rs[0];
  const t = (r) => r.restartTimes || {};
  const archive = rs.some((r) => t(r).archive) ? ' (archive of the first run)' : '';
  out.push(row([r0.clients.toLocaleString('en-US'), serverName(r0), flags(r0) + archive,
    mmm(rs, (r) => s(t(r).stoppedAt - t(r).termAt), 2), mmm(rs, (r) => s(t(r).healthAt - t(r).launchAt), 2),
    mmm(rs, (r) => r.joined), mmm(rs, (r) => r.connectedWithoutTimeout), mmm(rs, (r) => s(r.allJoinedMs), 1), mmm(rs, (r) => s(r.allJoinedAfterHealthMs), 1),
    mmm(rs, (r) => r.state && r.state.connections), r0.server === 'realtime' ? mmm(rs, presence) : 'n/a', mmm(rs, dups), rs.length]));
}
out.push('');
const starts = sets('start');
if (starts.length) {
  out.push('Start-up alone (`STORM_CLIENTS=0`; no clients; "archive" = the launcher\'s class-data archive written by an');
  out.push('earlier run of the same jar was there):');
  out.push('');
  out.push(row(['server', 'pass / JVM flags', 'archive', 'start → "ready" log line, s', 'start → /health, s', 'CPU until /health, s', 'RSS at /health, MB', 'runs']));
  out.push(row(Array(8).fill('---')));
  for (const rs of starts) {
    for (const archive of [false, true]) {
      const part = rs.filter((r) => Boolean(r.coldStart.archive) === archive);
      if (!part.length) continue;
      out.push(row([part[0].server, flags(part[0]), archive ? 'yes' : 'no', mmm(part, (r) => s(r.coldStart.launchToReadyMs), 2),
        mmm(part, (r) => s(r.coldStart.launchToHealthMs), 2), mmm(part, (r) => s(r.serverStartCpuMs), 2),
        mmm(part, (r) => r.rssBeforeKb / 1024, 0), part.length]));
    }
  }
  out.push('');
}
const shippedCold = sets('cold').flat().filter(shipped);
out.push('The same checks after the cold storms of the shipped sets: presence wrong ' +
  `${mmm(shippedCold.filter((r) => r.server === 'realtime'), presence)}, user:joined twice ${mmm(shippedCold, dups)}, users announced ` +
  `${mmm(shippedCold, (r) => r.userJoined && r.userJoined.users)} of 1,000. A user announced twice is not always a fault: when all of a ` +
  'user\'s connections in a room time out and come back, a new announcement is right.');
out.push('');
const section = out.join('\n');
console.log(section);

if (docs) {
  const text = fs.readFileSync(docs, 'utf8');
  const start = text.indexOf('\n## Reconnect storm\n');
  let next;
  if (start >= 0) {
    const after = text.indexOf('\n## ', start + 1);
    next = text.slice(0, start + 1) + section + (after >= 0 ? text.slice(after + 1) : '');
  } else {
    const before = text.indexOf('\n## How these numbers are made');
    next = before >= 0 ? `${text.slice(0, before + 1)}${section}\n${text.slice(before + 1)}` : `${text}\n${section}`;
  }
  fs.writeFileSync(docs, next);
}
