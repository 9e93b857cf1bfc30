'use strict';
// Turns the JSON-lines records of one bench/run.sh pass into bench/results/latest.json and
// docs/benchmarks.md. Only measured values are printed; anything missing is shown as "not run".
//
// usage: node report.js --runs FILE --mode quick|full --server-cpu N --gen-cpu N --json OUT --md OUT

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execSync } = require('node:child_process');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];

// --runs takes one or more comma-separated files; a later file's records replace an earlier file's
// records of the same server and scenario (a re-run of some scenarios on top of a full pass).
const runs = args.runs.split(',').filter(Boolean).reduce((acc, file) => {
  const recs = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const replaced = new Set(recs.map((r) => `${r.server}/${r.scenario.replace(/-(max|lossless)$/, '')}`));
  return acc.filter((r) => !replaced.has(`${r.server}/${r.scenario.replace(/-(max|lossless)$/, '')}`)).concat(recs);
}, []);

function sh(cmd) {
  try {
    return execSync(cmd, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim().split('\n')[0];
  } catch (e) {
    return 'unknown';
  }
}

const peer = path.join(__dirname, 'peers', 'socketio');
const nettyPeerPom = path.join(__dirname, 'peers', 'netty-socketio', 'pom.xml');
function lockVersion(name) {
  try {
    const lock = JSON.parse(fs.readFileSync(path.join(peer, 'package-lock.json'), 'utf8'));
    return lock.packages[`node_modules/${name}`].version;
  } catch (e) {
    return 'unknown';
  }
}

function pomVersion(artifact) {
  try {
    const pom = fs.readFileSync(nettyPeerPom, 'utf8');
    return pom.match(new RegExp(`<artifactId>${artifact}</artifactId>\\s*<version>([^<]+)</version>`))[1];
  } catch (e) {
    return 'unknown';
  }
}

const meta = {
  generated_at: new Date().toISOString(),
  mode: args.mode,
  machine: {
    cpu: os.cpus()[0].model,
    cores: os.cpus().length,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    // the machine may be shared: the load average before and after the pass says how much
    load_average_start: args['load-start'],
    load_average_end: args['load-end'],
  },
  versions: {
    java: sh('java -version 2>&1'),
    node: process.version,
    'socket.io': lockVersion('socket.io'),
    '@socket.io/redis-adapter': lockVersion('@socket.io/redis-adapter'),
    bufferutil: lockVersion('bufferutil'),
    'utf-8-validate': lockVersion('utf-8-validate'),
    'netty-socketio': pomVersion('netty-socketio'),
    redis: sh('redis-server --version'),
    postgresql: sh('psql --version'),
  },
  settings: {
    server_cpu: Number(args['server-cpu']),
    generator_cpu: Number(args['gen-cpu']),
    server_jvm: args['server-jvm'],
    generator_jvm: '-XX:ActiveProcessorCount=1 -Xms512m -Xmx2g, one selector thread',
    socketio: 'websocket transport only, perMessageDeflate off, httpCompression off, bufferutil + utf-8-validate',
    netty_socketio: 'websocket transport only, compression off, ping 25 s / 20 s, its other defaults; the server JVM flags',
    message_content_bytes: 64,
  },
};

fs.mkdirSync(path.dirname(args.json), { recursive: true });
fs.writeFileSync(args.json, JSON.stringify({ ...meta, runs }, null, 2) + '\n');

// ---- markdown ----
// realtime: the standalone's default (Netty) transport over /ws; realtime-sio: the same server over its
// Socket.IO endpoint; realtime-jws: the same jar on Java-WebSocket over /ws.
const SERVERS = ['socketio', 'netty-socketio', 'realtime', 'realtime-sio', 'realtime-jws'];
const LABELS = {
  socketio: 'Node Socket.IO',
  'netty-socketio': 'netty-socketio',
  realtime: 'realtime /ws (Netty)',
  'realtime-sio': 'realtime Socket.IO (Netty)',
  'realtime-jws': 'realtime /ws (Java-WebSocket)',
};
const name = (s) => LABELS[s] || s;
const OURS = (s) => s.startsWith('realtime');
const v = (x, unit = '') => (x === undefined || x === null || Number.isNaN(x) ? '–' : `${x}${unit}`);
const pick = (scenario, server) => runs.filter((r) => r.scenario === scenario && r.server === server && !r.error);
const errorsOf = (scenario, server) => runs.filter((r) => r.scenario === scenario && r.server === server && r.error);

function table(head, rows) {
  if (rows.length === 0) return '_not run_\n';
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)]
    .join('\n') + '\n';
}

const out = [];
out.push('# Benchmarks: realtime vs. Socket.IO 4.8 and netty-socketio\n');
out.push(table(['server (BENCH_SERVERS name)', 'what runs', 'generator speaks'], [
  ['Node Socket.IO (socketio)', '`bench/peers/socketio/server.js`, Socket.IO 4.8 on Node', 'Socket.IO v5 / EIO=4'],
  ['netty-socketio (netty-socketio)', '`bench/peers/netty-socketio`, netty-socketio '
    + `${meta.versions['netty-socketio']} with the server JVM flags`, 'Socket.IO v5 / EIO=4'],
  ['realtime /ws (Netty) (realtime)', 'the standalone jar, default transport (Netty: polling, upgrade and WebSocket '
    + 'on one port)', 'plain JSON on `/ws`'],
  ['realtime Socket.IO (Netty) (realtime-sio)', 'the same jar and flags', 'Socket.IO v5 / EIO=4 on `/socket.io/`'],
  ['realtime /ws (Java-WebSocket) (realtime-jws)', 'the same jar with `REALTIME_TRANSPORT=java-websocket`',
    'plain JSON on `/ws`'],
]));
const passes = args.runs.split(',').filter(Boolean).map((f) => path.basename(f).replace(/^runs-|\.jsonl$/g, ''));
out.push(`Generated by \`bench/run.sh${args.mode === 'quick' ? ' --quick' : ''}\` on ${meta.generated_at} `
  + `(${args.mode} pass). `
  + (passes.length > 1
    ? `It combines ${passes.length} passes (${passes.join(', ')}): each scenario's rows come from the latest pass `
      + 'that ran it (the machine, load and versions below are those of the latest pass). '
    : 'Every number below was measured in that run; ')
  + '"–" or _not run_ means a number was not measured.\n');
out.push('## Machine, versions, settings\n');
out.push(table(['item', 'value'], [
  ['CPU', `${meta.machine.cpu}, ${meta.machine.cores} cores`],
  ['memory', `${meta.machine.memory_gb} GB`],
  ['kernel', meta.machine.kernel],
  ['load average (1/5/15 min) before → after', `${meta.machine.load_average_start} → ${meta.machine.load_average_end}`],
  ...Object.entries(meta.versions).map(([k, val]) => [k, val]),
  ['server under test', `pinned to CPU ${meta.settings.server_cpu} (taskset); JVM ${meta.settings.server_jvm}`],
  ['load generator', `pinned to CPU ${meta.settings.generator_cpu}; JVM ${meta.settings.generator_jvm}`],
  ['Socket.IO reference', meta.settings.socketio],
  ['netty-socketio reference', meta.settings.netty_socketio],
  ['message content', `${meta.settings.message_content_bytes} bytes`],
]));

out.push('\n## (a) Idle connections\n');
out.push(table(['server', 'connections', 'RSS MB', 'RSS KB/conn', 'heap KB/conn', 'idle CPU %', 'ramp ms', 'failed'],
  SERVERS.flatMap((s) => pick('idle', s).map((r) => [name(s), r.members, v(Math.round(r.rss_kb / 102.4) / 10),
    v(r.rss_kb_per_conn), v(r.heap_kb_per_conn), v(r.idle_cpu_pct), v(r.ramp_ms), v(r.failed)]))));

out.push('\n## (b) Fan-out: highest clean publish rate (p99 ≤ 50 ms, nothing lost)\n');
const fanMax = (s, m) => pick('fanout-max', s).find((r) => r.members === m);
const sizes = [...new Set(runs.filter((r) => r.scenario === 'fanout-max' || (r.scenario === 'fanout' && r.error)).map((r) => r.members))].sort((a, b) => a - b);
out.push(table(['members', 'server', 'publishes/s', 'deliveries/s', 'p50 ms', 'p99 ms', 'server CPU µs/delivery',
  'generator CPU %', 'ratio vs Socket.IO'],
sizes.flatMap((m) => SERVERS.map((s) => {
  const r = fanMax(s, m);
  const failed = errorsOf('fanout', s).find((x) => x.members === m);
  if (!r) return [m, name(s), failed ? 'setup failed (see "Not run")' : 'not run', '', '', '', '', '', ''];
  if (r.note) {
    const first = pick('fanout', s).find((x) => x.members === m);
    return [m, name(s), `none clean${first ? ` (first step ${first.rate}/s: p99 ${first.p99_ms} ms, lost ${first.lost})` : ''}`, '', '', '', '', '', ''];
  }
  const sio = fanMax('socketio', m);
  const ratio = OURS(s) && sio && sio.deliveries_per_s ? (r.deliveries_per_s / sio.deliveries_per_s).toFixed(2) : '';
  return [m, name(s), v(r.rate), v(r.deliveries_per_s), v(r.p50_ms), v(r.p99_ms), v(r.cpu_us_per_delivery),
    v(r.generator_cpu_pct), ratio];
}))));
out.push('\nHighest lossless publish rate (any p99 up to 5 s, nothing lost or refused):\n');
const fanLossless = (s, m) => pick('fanout-lossless', s).find((r) => r.members === m);
out.push(table(['members', 'server', 'publishes/s', 'deliveries/s', 'p50 ms', 'p99 ms', 'server CPU µs/delivery',
  'server CPU %', 'send lag p99 ms', 'ratio vs Socket.IO'],
sizes.flatMap((m) => SERVERS.map((s) => {
  const r = fanLossless(s, m);
  const failed = errorsOf('fanout', s).find((x) => x.members === m);
  if (!r || r.note) return [m, name(s), r ? 'none' : failed ? 'setup failed (see "Not run")' : 'not run', '', '', '', '', '', '', ''];
  const sio = fanLossless('socketio', m);
  const ratio = OURS(s) && sio && !sio.note && sio.deliveries_per_s
    ? (r.deliveries_per_s / sio.deliveries_per_s).toFixed(2) : '';
  return [m, name(s), v(r.rate), v(r.deliveries_per_s), v(r.p50_ms), v(r.p99_ms), v(r.cpu_us_per_delivery),
    v(r.server_cpu_pct), v(r.send_lag_p99_ms), ratio];
}))));
out.push('\nEvery step:\n');
out.push(table(['members', 'server', 'publishes/s', 'deliveries/s', 'p50 ms', 'p99 ms', 'lost', 'errors',
  'server CPU %', 'µs/delivery', 'generator CPU %', 'clean'],
SERVERS.flatMap((s) => pick('fanout', s).map((r) => [r.members, name(s), r.rate, r.deliveries_per_s, r.p50_ms, r.p99_ms,
  r.lost, r.send_errors, r.server_cpu_pct, r.cpu_us_per_delivery, r.generator_cpu_pct, r.clean ? 'yes' : 'no']))));

const latencyTable = (scenario) => table(['server', 'members', 'deliveries/s', 'p50 ms', 'p99 ms', 'p99.9 ms',
  'max ms', 'lost', 'server CPU %', 'µs/delivery', 'generator CPU %', 'send lag p99 ms', 'event-log rows/s'],
SERVERS.flatMap((s) => pick(scenario, s).map((r) => [name(s), r.members, r.deliveries_per_s, r.p50_ms, r.p99_ms,
  r.p999_ms, r.max_ms, r.lost, r.server_cpu_pct, r.cpu_us_per_delivery, r.generator_cpu_pct,
  v(r.send_lag_p99_ms), v(r.log_rows_per_s)])));
// A fixed rate may have been measured several times (BENCH_FIXED_REPEATS, each run a fresh server): the
// summary and the targets take the median of each figure on its own, and say over how many runs.
const median = (xs) => {
  const sorted = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round(((sorted[mid - 1] + sorted[mid]) / 2) * 1000) / 1000;
};
const medianOf = (recs) => {
  if (recs.length <= 1) return recs[0] && { ...recs[0], repeats: 1 };
  const cpu = recs.map((r) => r.cpu_us_per_delivery);
  return {
    ...recs[0], repeats: recs.length, cpu_min: Math.min(...cpu), cpu_max: Math.max(...cpu),
    ...Object.fromEntries(['cpu_us_per_delivery', 'p50_ms', 'p99_ms', 'p999_ms', 'max_ms', 'server_cpu_pct', 'lost']
      .map((k) => [k, median(recs.map((r) => r[k]))])),
  };
};
const fixedAt = (s, rate) => medianOf(pick('fixed', s).filter((r) => r.offered_deliveries_per_s === rate));
out.push('\n## (c) Fixed-rate latency, room of 100\n');
out.push('Side by side: server CPU per delivery, p50 / p99 latency. Where a rate was measured more than once (each '
  + 'run a fresh server), the cell gives the median of each figure, the range of the CPU per delivery and the '
  + 'number of runs; the targets below use the same medians.\n');
const fixedRates = [...new Set(runs.filter((r) => r.scenario === 'fixed' && !r.error).map((r) => r.offered_deliveries_per_s))]
  .sort((a, b) => a - b);
const fixedServers = SERVERS.filter((s) => pick('fixed', s).length);
out.push(table(['deliveries/s', ...fixedServers.map(name)], fixedRates.map((rate) => [rate, ...fixedServers.map((s) => {
  const r = fixedAt(s, rate);
  if (!r) return '–';
  const spread = r.repeats > 1 ? ` (${r.cpu_min}–${r.cpu_max}, ${r.repeats} runs)` : '';
  return `${r.cpu_us_per_delivery} µs${spread} · ${r.p50_ms} / ${r.p99_ms} ms${r.lost ? ` · lost ${r.lost}` : ''}`;
})])));
out.push('\nEvery measurement:\n');
out.push(latencyTable('fixed'));

out.push('\n## (d) Cross-node through Redis (room of 4: 2 on node A with the publishers, 2 on node B)\n');
out.push(table(['server', 'publishes/s', 'deliveries/s', 'node A p50/p99 ms', 'node B p50/p99 ms',
  'hop adds p50/p99 ms', 'lost', 'CPU % (both nodes)'],
SERVERS.flatMap((s) => pick('crossnode', s).map((r) => [name(s), r.rate, r.deliveries_per_s,
  `${r.node_a_p50_ms} / ${r.node_a_p99_ms}`, `${r.node_b_p50_ms} / ${r.node_b_p99_ms}`,
  r.node_a_received === 0 ? 'n/a (node A received nothing)'
    : r.hop_p50_ms === undefined || (r.node_b_received === undefined && r.node_b_p50_ms === 0)
      ? 'n/a (node B received nothing)' : `${r.hop_p50_ms} / ${r.hop_p99_ms}`, r.lost, r.server_cpu_pct]))));

out.push('\n## (e) Fixed-rate latency with the PostgreSQL event log on\n');
out.push(latencyTable('fixed-eventlog'));

out.push('\nEvent-log throughput: a room of one member at 50,000 publishes/s, every publish one logged row:\n');
out.push(table(['server', 'publishes/s', 'rows/s written', 'p50 ms', 'p99 ms', 'lost', 'server CPU %', 'send lag p99 ms'],
  SERVERS.flatMap((s) => pick('eventlog-rows', s).map((r) => [name(s), r.rate, v(r.log_rows_per_s), r.p50_ms, r.p99_ms,
    r.lost, r.server_cpu_pct, v(r.send_lag_p99_ms)]))));

out.push('\n## (f) Message history and recovery (realtime, two nodes on Redis)\n');
out.push('A room of 100 split over node A (with the publishers) and node B at 200 publishes/s (20,000 deliveries/s), '
  + 'with the default per-node memory history and with the shared Redis history (every message appended by one '
  + 'Redis script before it is delivered):\n');
out.push(table(['server', 'history', 'deliveries/s', 'p50 ms', 'p99 ms', 'node B p99 ms', 'lost',
  'CPU % (both nodes)', 'µs/delivery (both nodes)'],
SERVERS.flatMap((s) => ['memory', 'redis'].flatMap((h) => pick(`history-${h}`, s).map((r) => [s, h,
  r.deliveries_per_s, r.p50_ms, r.p99_ms, v(r.node_b_p99_ms), r.lost, r.server_cpu_pct, r.cpu_us_per_delivery])))));
out.push('\nCatching up a /ws client that missed 10,000 messages, rejoining with `since` on the other node (Redis history):\n');
out.push(table(['server', 'missed', 'repeats', 'rejoin ms (median / worst)', 'reconnect + rejoin ms (median)', 'ack bytes'],
  SERVERS.flatMap((s) => pick('recovery-redis', s).map((r) => [s, r.missed, r.repeats,
    `${r.rejoin_ms_median} / ${r.rejoin_ms_max}`, r.reconnect_ms_median, r.ack_bytes]))));

out.push('\n## Generator cross-check against socket.io-client (50 members, 5,000 deliveries/s)\n');
out.push(table(['server', 'client', 'deliveries/s', 'p50 ms', 'p99 ms', 'lost'],
  SERVERS.flatMap((s) => [
    ...pick('client-check', s).map((r) => [name(s), 'socket.io-client 4.8', r.deliveries_per_s, r.p50_ms, r.p99_ms, r.lost]),
    ...pick('generator-check', s).map((r) => [name(s), 'realtime-bench', r.deliveries_per_s, r.p50_ms, r.p99_ms, r.lost]),
  ])));

out.push('\n## JMH micro-benchmarks (engine hot path, socket-less transport, one core)\n');
let jmh = [];
try {
  jmh = JSON.parse(fs.readFileSync(args.jmh, 'utf8'));
} catch (e) {
  jmh = [];
}
out.push(table(['benchmark', 'members', 'score', 'unit', 'per delivery'], jmh.map((b) => {
  const members = b.params && b.params.members ? Number(b.params.members) : null;
  const score = b.primaryMetric.score;
  const perDelivery = members && b.primaryMetric.scoreUnit === 'us/op' ? `${((score * 1000) / members).toFixed(1)} ns` : '';
  return [b.benchmark.replace('dev.realtime.bench.jmh.', ''), members || '', score.toFixed(3), b.primaryMetric.scoreUnit, perDelivery];
})));

// ---- targets ----
out.push('\n## Targets\n');
out.push('Issue 14\'s targets for every realtime server kind of this pass, each cell the measured figure and its verdict. '
  + 'The Socket.IO comparison uses the Node reference\'s CPU per delivery from the same pass.\n');
const mark = (measured, ok, because) => (measured === undefined ? 'not run'
  : `${measured} (${because || (ok ? 'met' : 'not met')})`);
const at19k = (r) => (r.members >= 19000 ? undefined : `not measured at 19,000 connections`);
function socketIoShare(s) {
  const pairs = [20000, 40000].map((rate) => [rate, fixedAt(s, rate), fixedAt('socketio', rate)])
    .filter(([, a, b]) => a && b && a.cpu_us_per_delivery > 0 && b.cpu_us_per_delivery > 0);
  if (pairs.length === 0) return mark(undefined);
  const shares = pairs.map(([rate, a, b]) => [rate, a.cpu_us_per_delivery / b.cpu_us_per_delivery, a, b]);
  return mark(shares.map(([rate, x, a, b]) => `${x.toFixed(2)}× at ${rate / 1000}k (${a.cpu_us_per_delivery} vs `
    + `${b.cpu_us_per_delivery} µs)`).join(', '), pairs.length === 2 && shares.every(([, x]) => x <= 0.5));
}
const latencyTargets = [
  ['CPU per delivery ≤ 5 µs at 20,000/s (room of 100)', (s) => {
    const r = fixedAt(s, 20000);
    return mark(r && `${r.cpu_us_per_delivery} µs`, r && r.cpu_us_per_delivery <= 5 && r.lost === 0);
  }],
  ['CPU per delivery ≤ 5 µs at 40,000/s', (s) => {
    const r = fixedAt(s, 40000);
    return mark(r && `${r.cpu_us_per_delivery} µs`, r && r.cpu_us_per_delivery <= 5 && r.lost === 0);
  }],
  ['CPU per delivery ≤ ½ of Socket.IO\'s at 20,000 and 40,000/s', socketIoShare],
  ['p50 ≤ 1 ms, p99 ≤ 2 ms at 40,000/s', (s) => {
    const r = fixedAt(s, 40000);
    return mark(r && `${r.p50_ms} / ${r.p99_ms} ms`, r && r.p50_ms <= 1 && r.p99_ms <= 2 && r.lost === 0);
  }],
  ['p99 ≤ 5 ms at 100,000/s', (s) => {
    const r = fixedAt(s, 100000);
    return mark(r && `${r.p99_ms} ms`, r && r.p99_ms <= 5 && r.lost === 0);
  }],
  ['idle RSS ≤ 3 KB per connection at 19,000', (s) => {
    const r = pick('idle', s).sort((a, b) => b.members - a.members)[0];
    return mark(r && `${r.rss_kb_per_conn} KB at ${r.members}`, r && r.rss_kb_per_conn <= 3, r && at19k(r));
  }],
  ['idle RSS ≤ 50 MB (no connections)', (s) => {
    const r = pick('idle', s).find((x) => x.members === 0);
    return mark(r && `${Math.round(r.rss_kb / 102.4) / 10} MB`, r && r.rss_kb <= 51200);
  }],
  ['idle CPU < 1 % at 19,000 connections', (s) => {
    const r = pick('idle', s).sort((a, b) => b.members - a.members)[0];
    return mark(r && `${r.idle_cpu_pct} % at ${r.members}`, r && r.idle_cpu_pct < 1, r && at19k(r));
  }],
  ['Redis hop adds < 1 ms p50, < 5 ms p99 at 10,000 publishes/s', (s) => {
    const r = pick('crossnode', s).find((x) => x.rate === 10000);
    return mark(r && `${r.hop_p50_ms} / ${r.hop_p99_ms} ms`, r && r.hop_p50_ms < 1 && r.hop_p99_ms < 5 && r.lost === 0);
  }],
];
const ourKinds = SERVERS.filter(OURS).filter((s) => runs.some((r) => r.server === s));
out.push(table(['target', ...ourKinds.map(name)], latencyTargets.map(([target, of]) => [target, ...ourKinds.map(of)])));

out.push('\n### Earlier targets (realtime /ws, default transport)\n');
const ours = (scenario, pred) => pick(scenario, 'realtime').filter(pred || (() => true));
const idleTop = ours('idle').sort((a, b) => b.members - a.members)[0];
const idleBase = ours('idle').find((r) => r.members === 0);
const fixed50 = fixedAt('realtime', 50000);
const fixed40 = fixedAt('realtime', 40000);
const fixedLog = ours('fixed-eventlog', (r) => r.offered_deliveries_per_s === 50000)[0];
const logRows = ours('eventlog-rows')[0];
const cross10k = ours('crossnode', (r) => r.rate === 10000)[0];
const fanBest = ours('fanout-max').sort((a, b) => (b.deliveries_per_s || 0) - (a.deliveries_per_s || 0))[0];
const fanCpu = ours('fanout', (r) => r.clean).map((r) => r.cpu_us_per_delivery).filter((x) => x > 0);
const ratios = sizes.map((m) => {
  const a = fanMax('realtime', m);
  const b = fanMax('socketio', m);
  return a && b && b.deliveries_per_s ? a.deliveries_per_s / b.deliveries_per_s : null;
}).filter((x) => x !== null);
const lossRows = ours('fanout-lossless').filter((r) => !r.note);
const lossCpu = lossRows.map((r) => [r.members, r.cpu_us_per_delivery]);
const lossBest = lossRows.sort((a, b) => b.deliveries_per_s - a.deliveries_per_s)[0];
const lossRatios = sizes.map((m) => {
  const a = fanLossless('realtime', m);
  const b = fanLossless('socketio', m);
  return a && b && !a.note && !b.note && b.deliveries_per_s ? a.deliveries_per_s / b.deliveries_per_s : null;
}).filter((x) => x !== null);
const verdict = (measured, ok) => (measured === undefined ? ['not run', '–'] : [measured, ok ? 'met' : 'not met']);
const targetRows = [
  ['(a) RSS per idle connection ≤ 4 KB', ...verdict(idleTop && `${idleTop.rss_kb_per_conn} KB at ${idleTop.members}`, idleTop && idleTop.rss_kb_per_conn <= 4)],
  ['(a) idle CPU < 1 %', ...verdict(idleTop && `${idleTop.idle_cpu_pct} % at ${idleTop.members}`, idleTop && idleTop.idle_cpu_pct < 1)],
  ['(a) idle RSS ≤ 64 MB', ...verdict(idleBase && `${Math.round(idleBase.rss_kb / 102.4) / 10} MB`, idleBase && idleBase.rss_kb <= 65536)],
  ['(b) ≤ 6 µs server CPU per delivery (clean steps)', ...verdict(fanCpu.length ? `${Math.min(...fanCpu)}–${Math.max(...fanCpu)} µs` : undefined, fanCpu.length && Math.max(...fanCpu) <= 6)],
  ['(b) ≤ 6 µs server CPU per delivery (at the highest lossless rate)', ...verdict(lossCpu.length ? lossCpu.map(([m, c]) => `${c} µs (${m} members)`).join(', ') : undefined, lossCpu.length && Math.max(...lossCpu.map(([, c]) => c)) <= 6)],
  ['(b) ≥ 150,000 deliveries/s on one core (clean)', ...verdict(fanBest && `${fanBest.deliveries_per_s}/s (${fanBest.members} members)`, fanBest && fanBest.deliveries_per_s >= 150000)],
  ['(b) ≥ 150,000 deliveries/s on one core (lossless, any p99)', ...verdict(lossBest && `${lossBest.deliveries_per_s}/s (${lossBest.members} members, p99 ${lossBest.p99_ms} ms)`, lossBest && lossBest.deliveries_per_s >= 150000)],
  ['(b) highest clean rate ≥ 1.5× Socket.IO', ...verdict(ratios.length ? ratios.map((x) => `${x.toFixed(2)}×`).join(', ') : undefined, ratios.length && Math.min(...ratios) >= 1.5)],
  ['(b) highest lossless rate ≥ 1.5× Socket.IO', ...verdict(lossRatios.length ? lossRatios.map((x) => `${x.toFixed(2)}×`).join(', ') : undefined, lossRatios.length && Math.min(...lossRatios) >= 1.5)],
  ['(c) p50 ≤ 1 ms, p99 ≤ 2 ms at 40,000/s', ...verdict(fixed40 && `${fixed40.p50_ms} / ${fixed40.p99_ms} ms`, fixed40 && fixed40.p50_ms <= 1 && fixed40.p99_ms <= 2 && fixed40.lost === 0)],
  ['(c) p50 < 1 ms, p99 < 5 ms at 50,000/s', ...verdict(fixed50 && `${fixed50.p50_ms} / ${fixed50.p99_ms} ms`, fixed50 && fixed50.p50_ms < 1 && fixed50.p99_ms < 5 && fixed50.lost === 0)],
  ['(d) Redis hop adds < 1 ms p50, < 5 ms p99 at 10,000 publishes/s', ...verdict(cross10k && `${cross10k.hop_p50_ms} / ${cross10k.hop_p99_ms} ms`, cross10k && cross10k.hop_p50_ms < 1 && cross10k.hop_p99_ms < 5 && cross10k.lost === 0)],
  ['(e) event log ≥ 50,000 rows/s', ...verdict(logRows && `${v(logRows.log_rows_per_s)} rows/s at ${logRows.rate} publishes/s`, logRows && logRows.log_rows_per_s >= 50000)],
  ['(e) no visible p99 change with the log on (50,000 deliveries/s)', ...verdict(fixedLog && `p99 ${fixedLog.p99_ms} ms with, ${fixed50 ? fixed50.p99_ms : '–'} ms without`, fixedLog && fixed50 && fixedLog.p99_ms <= Math.max(5, fixed50.p99_ms * 1.5))],
];
out.push(table(['target', 'measured', 'verdict'], targetRows));

const notRun = runs.filter((r) => r.error);
out.push('\n## Not run or failed in this pass\n');
out.push(notRun.length ? notRun.map((r) => `- ${r.server} / ${r.scenario}${r.members ? ` (${r.members})` : ''}: ${r.error}`).join('\n') + '\n' : 'Nothing.\n');

// The "Reconnect storm" section comes from bench/storm.sh (bench/storm-report.js), not from this pass: keep it.
const previous = fs.existsSync(args.md) ? fs.readFileSync(args.md, 'utf8') : '';
const storm = previous.match(/\n## Reconnect storm\n[\s\S]*?(?=\n## )/);
if (storm) out.push(storm[0]);

const notes = path.join(__dirname, 'NOTES.md');
if (fs.existsSync(notes)) out.push('\n' + fs.readFileSync(notes, 'utf8'));

fs.mkdirSync(path.dirname(args.md), { recursive: true });
fs.writeFileSync(args.md, out.join('\n'));
console.error(`wrote ${args.json} and ${args.md} (${runs.length} records)`);
