'use strict';
// Short text summary of a flight recording of a server under load (bench/run.sh with BENCH_JFR=true):
// GC pauses, the hottest methods by execution samples (self), safepoints, which threads burn the CPU,
// and socket writes when JFR saw them. Reads the recording with `jfr print --json`.
//
// usage: node profile.js --jfr FILE.jfr --server NAME [--from EPOCH_MS] --out profile-NAME.txt
//   --from: leave out events before this time (the server's start-up)

const fs = require('node:fs');
const { execFileSync } = require('node:child_process');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
if (!args.jfr || !args.out) {
  console.error('usage: node profile.js --jfr FILE.jfr --server NAME --out FILE.txt');
  process.exit(2);
}

const from = Number(args.from || 0);

// Events of one type from --from on; stacks cut to their top frame (all a self-time ranking needs, and it
// keeps the JSON small).
function events(type) {
  const json = execFileSync('jfr', ['print', '--json', '--stack-depth', '1', '--events', type, args.jfr],
    { maxBuffer: 1 << 30 }).toString();
  return JSON.parse(json).recording.events.map((e) => e.values).filter((e) => Date.parse(e.startTime) >= from);
}

const ms = (iso) => (iso ? Number(iso.replace(/^PT|S$/g, '')) * 1000 : 0); // "PT0.002666S" -> 2.666
const f2 = (x) => x.toFixed(2);
const pct = (part, whole) => (whole ? `${((100 * part) / whole).toFixed(1)} %` : '–');
const threadOf = (t) => (t ? t.javaName || t.osName || 'unknown' : 'unknown');

function topFrame(sample) {
  const frame = sample.stackTrace && sample.stackTrace.frames[0];
  if (!frame) return '(no stack)';
  return `${frame.method.type.name.replace(/\//g, '.')}.${frame.method.name}`;
}

function countBy(items, key) {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) || 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

function durations(list) {
  const d = list.map((e) => ms(e.duration));
  const total = d.reduce((a, b) => a + b, 0);
  return { count: d.length, total, max: d.length ? Math.max(...d) : 0, over: (limit) => d.filter((x) => x > limit).length };
}

const lines = [];
const say = (s = '') => lines.push(s);
const summary = execFileSync('jfr', ['summary', args.jfr]).toString();
const start = Date.parse(`${((summary.match(/Start: (\S+ \S+)/) || [])[1] || '').replace(' ', 'T')}Z`);
const end = start + 1000 * Number((summary.match(/Duration: (\d+) s/) || [])[1] || 0);
const seconds = Math.round((end - Math.max(start, from)) / 1000);
say(`Flight recording of ${args.server || 'the server'} during the fixed-rate scenario (bench/run.sh, BENCH_JFR=true)`);
say(`summarised: ${seconds} s from ${new Date(Math.max(start, from)).toISOString()} (connections, warm-ups and every `
  + `rate${from > start ? '; the server\'s start-up is left out' : ''})`);

say('\n== GC pauses');
const gcs = events('jdk.GarbageCollection');
const pauses = gcs.map((g) => ({ name: g.name, pause: ms(g.sumOfPauses), longest: ms(g.longestPause) }));
const pauseTotal = pauses.reduce((a, p) => a + p.pause, 0);
say(`count ${pauses.length}, total ${f2(pauseTotal)} ms (${pct(pauseTotal / 1000, seconds)} of the recording), `
  + `max ${f2(Math.max(0, ...pauses.map((p) => p.longest)))} ms, `
  + `over 1 ms: ${pauses.filter((p) => p.longest > 1).length}, over 5 ms: ${pauses.filter((p) => p.longest > 5).length}`);
for (const [name, n] of countBy(pauses, (p) => p.name)) {
  const mine = pauses.filter((p) => p.name === name);
  say(`  ${name}: ${n}, total ${f2(mine.reduce((a, p) => a + p.pause, 0))} ms, max ${f2(Math.max(...mine.map((p) => p.longest)))} ms`);
}

say('\n== Hot methods, top 20 by execution samples (self; Java code only)');
const samples = events('jdk.ExecutionSample');
say(`${samples.length} samples`);
for (const [method, n] of countBy(samples, topFrame).slice(0, 20)) say(`  ${String(n).padStart(6)}  ${pct(n, samples.length).padStart(7)}  ${method}`);

say('\n== Native methods, top 10 by native samples (threads in native code: selectors, socket I/O)');
const natives = events('jdk.NativeMethodSample');
say(`${natives.length} samples`);
for (const [method, n] of countBy(natives, topFrame).slice(0, 10)) say(`  ${String(n).padStart(6)}  ${pct(n, natives.length).padStart(7)}  ${method}`);

say('\n== Safepoints (count and time to bring the threads to a halt, then the operations done there)');
const safepoints = durations(events('jdk.SafepointBegin'));
say(`count ${safepoints.count}, reaching them: total ${f2(safepoints.total)} ms, max ${f2(safepoints.max)} ms, `
  + `over 1 ms: ${safepoints.over(1)}`);
const ops = events('jdk.ExecuteVMOperation').filter((o) => o.safepoint);
for (const [op, n] of countBy(ops, (o) => o.operation).slice(0, 8)) {
  const d = durations(ops.filter((o) => o.operation === op));
  say(`  ${op}: ${n}, total ${f2(d.total)} ms, max ${f2(d.max)} ms`);
}

say('\n== Thread CPU (jdk.ThreadCPULoad, user + system, in CPU seconds over the recording)');
const loads = events('jdk.ThreadCPULoad').sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
// each value is the thread's load since its previous value: weigh it by that interval
const perThread = new Map();
const lastSeen = new Map();
for (const l of loads) {
  const name = threadOf(l.eventThread);
  const at = Date.parse(l.startTime);
  const since = lastSeen.has(name) ? (at - lastSeen.get(name)) / 1000 : 0;
  lastSeen.set(name, at);
  perThread.set(name, (perThread.get(name) || 0) + (l.user + l.system) * since);
}
const cpuTotal = [...perThread.values()].reduce((a, b) => a + b, 0);
say(`total ${f2(cpuTotal)} s`);
for (const [name, s] of [...perThread.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  say(`  ${f2(s).padStart(7)} s  ${pct(s, cpuTotal).padStart(7)}  ${name}`);
}

say('\n== Socket writes (jdk.SocketWrite)');
const writes = events('jdk.SocketWrite');
if (writes.length === 0) {
  say('none recorded: JFR sees writes through java.net sockets and NIO socket channels only, not those of a '
    + 'native transport (Netty\'s epoll); the native samples above show their share (Socket.sendAddress, writevAddresses)');
} else {
  const bytes = writes.reduce((a, w) => a + (w.bytesWritten || 0), 0);
  say(`count ${writes.length} (${f2(writes.length / Math.max(1, seconds))}/s), ${bytes} bytes, `
    + `${f2(bytes / writes.length)} bytes/write`);
  for (const [name, n] of countBy(writes, (w) => threadOf(w.eventThread)).slice(0, 6)) say(`  ${n}  ${name}`);
}

fs.writeFileSync(args.out, lines.join('\n') + '\n');
console.error(`wrote ${args.out}`);
