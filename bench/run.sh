#!/usr/bin/env bash
# The benchmark, side by side: realtime (this repository) and two Socket.IO reference servers
# (Socket.IO 4.8 on Node, netty-socketio on the JVM).
#
#   bench/run.sh            full pass (about 50 minutes for the five servers)
#   bench/run.sh --quick    reduced pass (about 10 minutes)
#
# Builds what it needs, pins the server under test to one core and the load generator to another
# (taskset; JVMs get -XX:ActiveProcessorCount=1 to match), runs every scenario against every
# server, and writes bench/results/latest.json and docs/benchmarks.md.
#
# Needs: java 17+, mvn, node 20+, npm, taskset, redis-server on 127.0.0.1:6379 (scenarios d and f),
# PostgreSQL on 127.0.0.1:5432 with user postgres (scenario e), two CPU cores or more.
# Environment: BENCH_SERVER_CPU (default 0), BENCH_GEN_CPU (default 1), BENCH_SERVERS
# ("socketio netty-socketio realtime realtime-sio realtime-jws": socketio is the Node Socket.IO 4.8
# reference, netty-socketio the Java one (bench/peers/netty-socketio), realtime the standalone's default
# Netty transport driven over /ws, realtime-sio the same server driven over its Socket.IO endpoint,
# realtime-jws the same jar with REALTIME_TRANSPORT=java-websocket over /ws),
# BENCH_SCENARIOS ("idle fanout fixed crossnode eventlog check history"),
# BENCH_REDIS_URL, BENCH_PG (psql connection options, default "-h 127.0.0.1 -U postgres"),
# BENCH_REALTIME_JAR (a prebuilt realtime-standalone.jar instead of this checkout's),
# BENCH_JMH (true/false: the JMH micro-benchmarks, default on in the full pass only),
# BENCH_JFR (true: a flight recording of each JVM server (realtime*, netty-socketio) during the fixed scenario,
# summarised by bench/profile.js into bench/results/profile-<server>.txt; its rows carry the recording's cost),
# BENCH_FIXED_REPEATS (default 1: how many times the fixed scenario runs per server, each on a fresh server;
# the report gives the medians),
# BENCH_KEEP_RUNS (records of an earlier pass, bench/results/runs-*.jsonl, to report together with
# this one; this pass's records replace the earlier ones of the same server and scenario).
set -euo pipefail

QUICK=false
if [[ "${1:-}" == "--quick" ]]; then QUICK=true; fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
PEER=$BENCH/peers/socketio
NSIO_PEER=$BENCH/peers/netty-socketio
NSIO_JAR=$NSIO_PEER/target/netty-socketio-peer.jar
RESULTS=$BENCH/results
SERVER_CPU=${BENCH_SERVER_CPU:-0}
GEN_CPU=${BENCH_GEN_CPU:-1}
SERVERS=${BENCH_SERVERS:-"socketio netty-socketio realtime realtime-sio realtime-jws"}
SCENARIOS=${BENCH_SCENARIOS:-"idle fanout fixed crossnode eventlog check history"}
JMH=${BENCH_JMH:-$($QUICK && echo false || echo true)}
JFR=${BENCH_JFR:-false}
FIXED_REPEATS=${BENCH_FIXED_REPEATS:-1}
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
PG=${BENCH_PG:-"-h 127.0.0.1 -U postgres"}
SECRET="bench-secret-$(date +%s)-0123456789abcdef0123456789"
CLK_TCK=$(getconf CLK_TCK)
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
RUNS=$RESULTS/runs-$RUN_ID.jsonl
GEN_JAR=$ROOT/realtime-bench/target/realtime-bench.jar
OURS_JAR=${BENCH_REALTIME_JAR:-$ROOT/realtime-standalone/target/realtime-standalone.jar}
# the shipped JVM flags (the launcher's defaults), on the one core the server is pinned to
SERVER_JVM="-XX:ActiveProcessorCount=1 $(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' "$ROOT/bin/realtime")"
ROOMS="bench-100,bench-1000,bench-10000,bench-fixed,bench-cross"
EXTRA_JVM="" # added to the server's JVM flags by one scenario (the flight recording)
STARTED_PIDS=()

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

cleanup() {
  for pid in "${STARTED_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

note() { # server scenario reason: a record saying what was not run and why
  printf '{"server":"%s","scenario":"%s","error":"%s"}\n' "$1" "$2" "$3" >>"$RUNS"
  log "$1 $2 not run: $3"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_port() { # port timeout_s
  local deadline=$((SECONDS + ${2:-30}))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if ((SECONDS > deadline)); then return 1; fi
    sleep 0.2
  done
}

# ---- build ------------------------------------------------------------------------------------
build() {
  log "building generator$([[ -f $ROOT/realtime-standalone/pom.xml ]] && echo ' and standalone server')"
  (cd "$ROOT" && mvn -B -q -Dstyle.color=never -pl realtime-bench,realtime-standalone -am package -DskipTests) >&2
  if ! (cd "$PEER" && npm ls --depth=0 >/dev/null 2>&1); then
    log "installing the Socket.IO reference server (npm ci)"
    (cd "$PEER" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  if [[ " $SERVERS " == *" netty-socketio "* ]]; then
    log "building the netty-socketio reference server"
    (cd "$NSIO_PEER" && mvn -B -q -Dstyle.color=never package) >&2 || log "netty-socketio reference did not build"
  fi
}

ours_available() {
  [[ -f $OURS_JAR ]]
}

# ---- servers ----------------------------------------------------------------------------------
# start_server KIND PORT [ENV=VALUE...]  -> sets SERVER_PID (a child of this shell)
start_server() {
  local kind=$1 port=$2
  shift 2
  local logf=$RESULTS/logs/$kind-$port.log
  if [[ $kind == socketio ]]; then
    env BENCH_PORT="$port" BENCH_JWT_SECRET="$SECRET" BENCH_ROOMS="$ROOMS" "$@" \
      taskset -c "$SERVER_CPU" node --expose-gc "$PEER/server.js" >"$logf" 2>&1 &
  elif [[ $kind == netty-socketio ]]; then
    env BENCH_PORT="$port" BENCH_JWT_SECRET="$SECRET" BENCH_ROOMS="$ROOMS" "$@" \
      taskset -c "$SERVER_CPU" java $SERVER_JVM $EXTRA_JVM -jar "$NSIO_JAR" >"$logf" 2>&1 &
  else
    local http transport=netty
    http=$(free_port)
    if [[ $kind == realtime-jws ]]; then transport=java-websocket; fi
    env REALTIME_PORT="$port" REALTIME_HTTP_PORT="$http" REALTIME_HOST=127.0.0.1 \
      REALTIME_JWT_SECRET="$SECRET" REALTIME_ROOMS="$ROOMS" REALTIME_ALLOW_ANONYMOUS=false \
      REALTIME_MESSAGE_RATE_LIMIT=1000000 REALTIME_RATE_LIMIT=1000000 REALTIME_MAX_CONNECTIONS=100000 \
      REALTIME_ENABLE_COMPRESSION=false REALTIME_TRANSPORT="$transport" LOG_LEVEL=warn "$@" \
      taskset -c "$SERVER_CPU" java $SERVER_JVM $EXTRA_JVM \
      -jar "$OURS_JAR" serve >"$logf" 2>&1 &
  fi
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  if ! wait_port "$port" 60; then
    log "$kind did not start on $port; see $logf"
    tail -5 "$logf" >&2 || true
    stop_server "$SERVER_PID"
    return 1
  fi
}

stop_server() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

heap_cmd() { # kind port pid -> a command printing live heap bytes after a full GC
  if [[ $1 == socketio ]]; then
    echo "curl -s 'http://127.0.0.1:$2/bench/stats?gc=1' | jq .heapUsedBytes"
  else
    echo "jcmd $3 GC.run >/dev/null && jcmd $3 GC.heap_info | grep -oE 'used [0-9]+K' | head -2 | grep -oE '[0-9]+' | awk '{s+=\$1} END {print s*1024}'"
  fi
}

protocol_of() { [[ $1 == realtime || $1 == realtime-jws ]] && echo ws || echo socketio; }

# gen SCENARIO ARGS... : the load generator, pinned to the other core
gen() {
  local quick=()
  if $QUICK; then quick=(--quick); else quick=(--quick false); fi
  taskset -c "$GEN_CPU" java -XX:ActiveProcessorCount=1 -Xms512m -Xmx2g -cp "$GEN_JAR" \
    dev.realtime.bench.BenchMain "$@" --secret "$SECRET" --out "$RUNS" --clk-tck "$CLK_TCK" --threads 1 "${quick[@]}"
}

# ---- scenarios --------------------------------------------------------------------------------
scenario_idle() {
  local kind=$1 port pid steps
  port=$(free_port)
  start_server "$kind" "$port" || { note "$kind" idle "server did not start"; return; }
  pid=$SERVER_PID
  steps=$($QUICK && echo 1000 || echo 1000,5000,10000,19000)
  gen idle --server "$kind" --protocol "$(protocol_of "$kind")" --ports "$port" --pids "$pid" \
    --steps "$steps" --heap-cmd "$(heap_cmd "$kind" "$port" "$pid")" || note "$kind" idle "generator failed"
  stop_server "$pid"
}

scenario_fanout() {
  local kind=$1 port pid members
  members=$($QUICK && echo "100 1000" || echo "100 1000 10000")
  for m in $members; do
    port=$(free_port)
    start_server "$kind" "$port" || { note "$kind" fanout "server did not start"; return; }
    pid=$SERVER_PID
    # quick: 20,000 to 160,000 deliveries/s, past the 40,000 where every server still keeps up
    gen fanout --server "$kind" --protocol "$(protocol_of "$kind")" --ports "$port" --pids "$pid" \
      --members "$m" --start-deliveries "$($QUICK && echo 20000 || echo 10000)" --factor "$($QUICK && echo 2 || echo 1.4)" \
      --max-steps "$($QUICK && echo 4 || echo 14)" || note "$kind" fanout "generator failed ($m members)"
    stop_server "$pid"
  done
}

scenario_fixed() { # kind [server env...]
  local kind=$1 port pid recording="" loaded run
  shift
  if $JFR && [[ $kind == realtime* || $kind == netty-socketio ]]; then
    recording=$RESULTS/logs/profile-$kind-$RUN_ID.jfr
    EXTRA_JVM="-XX:StartFlightRecording=settings=$(jfr_settings),filename=$recording,dumponexit=true"
  fi
  for ((run = 1; run <= FIXED_REPEATS; run++)); do # each run a fresh server: JIT and heap start over
    port=$(free_port)
    start_server "$kind" "$port" "$@" || { EXTRA_JVM=""; note "$kind" fixed "server did not start"; return; }
    EXTRA_JVM="" # only the first run is recorded
    pid=$SERVER_PID
    if ((run == 1)); then loaded=$(date +%s%3N); fi # the summary leaves out the server's start-up
    gen fixed --server "$kind" --protocol "$(protocol_of "$kind")" --ports "$port" --pids "$pid" \
      --members 100 --deliveries "$($QUICK && echo 20000,40000,100000 || echo 20000,40000,50000,100000)" \
      || note "$kind" fixed "generator failed"
    stop_server "$pid"
  done
  if [[ -n $recording ]]; then
    node "$BENCH/profile.js" --jfr "$recording" --server "$kind" --from "$loaded" --out "$RESULTS/profile-$kind.txt" \
      || log "profile summary of $kind failed; the recording is $recording"
  fi
}

# JFR's "profile" settings plus every socket write (no stack trace, so the count costs little), each
# thread's CPU load every second and a Java execution sample every millisecond
jfr_settings() {
  local jfc=$RESULTS/logs/bench-profile.jfc
  jfr configure --input profile 'jdk.SocketWrite#threshold=0ms' 'jdk.SocketWrite#stackTrace=false' \
    'jdk.ThreadCPULoad#period=1s' 'jdk.ExecutionSample#period=1ms' --output "$jfc" >/dev/null
  echo "$jfc"
}

# (c) again with the PostgreSQL event log on, then the log's own throughput: a room of one at
# 50,000 publishes/s, each publish one logged message event.
scenario_eventlog() {
  local kind=$1 db port pid table=realtime_events
  case $kind in
    netty-socketio) note "$kind" fixed-eventlog "not supported: the netty-socketio reference has no event log"; return ;;
    realtime-sio) note "$kind" fixed-eventlog "skipped: the same server as realtime, whose /ws rows measure the log"; return ;;
  esac
  db="bench_${RUN_ID,,}_$kind"
  db=${db//[^a-z0-9_]/_}
  if ! psql $PG -d postgres -qc "create database $db" >/dev/null 2>&1; then
    note "$kind" fixed-eventlog "PostgreSQL not reachable with '$PG'"
    return
  fi
  local url="postgres://postgres@127.0.0.1:5432/$db" env=()
  if [[ $kind == socketio ]]; then
    table=bench_socketio_events
    env=(BENCH_DATABASE_URL="$url")
  else
    env=(DATABASE_URL="$url" REALTIME_LOG_EVENTS=true REALTIME_LOG_EVENT_TYPES='*')
  fi
  port=$(free_port)
  if start_server "$kind" "$port" "${env[@]}"; then
    pid=$SERVER_PID
    local rows="psql $PG -d $db -tAc 'select count(*) from $table' 2>/dev/null"
    gen fixed --server "$kind" --protocol "$(protocol_of "$kind")" --ports "$port" --pids "$pid" \
      --members 100 --deliveries 20000,50000 --label fixed-eventlog --rows-cmd "$rows" \
      || note "$kind" fixed-eventlog "generator failed"
    gen fixed --server "$kind" --protocol "$(protocol_of "$kind")" --ports "$port" --pids "$pid" \
      --members 1 --deliveries 50000 --label eventlog-rows --rows-cmd "$rows" \
      || note "$kind" eventlog-rows "generator failed"
    stop_server "$pid"
  else
    note "$kind" fixed-eventlog "server did not start"
  fi
  psql $PG -d postgres -qc "drop database if exists $db with (force)" >/dev/null 2>&1 || true
}

scenario_crossnode() {
  local kind=$1 pa pb a b rates
  if [[ $kind == netty-socketio ]]; then
    note "$kind" crossnode "not supported: the netty-socketio reference runs on one node (no Redis store wired)"
    return
  fi
  if ! redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1; then
    note "$kind" crossnode "Redis not reachable at $REDIS_URL"
    return
  fi
  pa=$(free_port)
  pb=$(free_port)
  if [[ $kind == socketio ]]; then
    local key="bench-sio-$RUN_ID"
    start_server "$kind" "$pa" BENCH_REDIS_URL="$REDIS_URL" BENCH_REDIS_KEY="$key" BENCH_NODE_ID=a || { note "$kind" crossnode "node A did not start"; return; }
    a=$SERVER_PID
    start_server "$kind" "$pb" BENCH_REDIS_URL="$REDIS_URL" BENCH_REDIS_KEY="$key" BENCH_NODE_ID=b || { note "$kind" crossnode "node B did not start"; stop_server "$a"; return; }
    b=$SERVER_PID
  else
    start_server "$kind" "$pa" REALTIME_REDIS_URL="$REDIS_URL" REALTIME_NODE_ID="bench-a-$RUN_ID" || { note "$kind" crossnode "node A did not start"; return; }
    a=$SERVER_PID
    start_server "$kind" "$pb" REALTIME_REDIS_URL="$REDIS_URL" REALTIME_NODE_ID="bench-b-$RUN_ID" || { note "$kind" crossnode "node B did not start"; stop_server "$a"; return; }
    b=$SERVER_PID
  fi
  rates=1000,10000
  gen crossnode --server "$kind" --protocol "$(protocol_of "$kind")" --ports "$pa,$pb" --pids "$a,$b" \
    --members 4 --rates "$rates" || note "$kind" crossnode "generator failed"
  stop_server "$a"
  stop_server "$b"
}

# (f) message history: CPU per delivery and latency at 20,000 deliveries/s to a room of 100 split over two nodes
# (publishers on node A), with the default per-node memory history and with the shared Redis history; then the
# time a /ws client takes to catch up 10,000 missed messages on the other node (Redis history). realtime only:
# the peers keep no history (Socket.IO with the Redis adapter; netty-socketio on one node).
scenario_history() {
  local kind=$1 backend pa pb a b prefix
  if [[ $kind != realtime* ]]; then
    note "$kind" history "not applicable: the peer servers keep no message history"
    return
  fi
  if ! redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1; then
    note "$kind" history "Redis not reachable at $REDIS_URL"
    return
  fi
  for backend in memory redis; do
    prefix="bench-history-$backend-$RUN_ID"
    local env=(REALTIME_REDIS_URL="$REDIS_URL" REALTIME_REDIS_CHANNEL_PREFIX="$prefix" REALTIME_HISTORY="$backend")
    if [[ $backend == redis ]]; then
      env+=(REALTIME_HISTORY_SIZE=20000 REALTIME_RECOVERY_MAX_MESSAGES=10000 REALTIME_MAX_OUTBOUND_BYTES=33554432)
    fi
    pa=$(free_port)
    pb=$(free_port)
    start_server "$kind" "$pa" "${env[@]}" REALTIME_NODE_ID="bench-a-$RUN_ID" || { note "$kind" "history-$backend" "node A did not start"; continue; }
    a=$SERVER_PID
    start_server "$kind" "$pb" "${env[@]}" REALTIME_NODE_ID="bench-b-$RUN_ID" || { note "$kind" "history-$backend" "node B did not start"; stop_server "$a"; continue; }
    b=$SERVER_PID
    gen crossnode --server "$kind" --protocol "$(protocol_of "$kind")" --ports "$pa,$pb" --pids "$a,$b" \
      --members 100 --rates 200 --label "history-$backend" || note "$kind" "history-$backend" "generator failed"
    if [[ $backend == redis ]]; then
      gen recovery --server "$kind" --protocol ws --ports "$pa,$pb" --pids "$a,$b" --room bench-cross \
        --missed 10000 --repeats "$($QUICK && echo 1 || echo 3)" --label recovery-redis \
        || note "$kind" recovery-redis "generator failed"
    fi
    stop_server "$a"
    stop_server "$b"
    redis-cli -u "$REDIS_URL" --scan --pattern "$prefix:*" | xargs -r redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
  done
}

# socket.io-client against the same server at the same small scale as the generator
scenario_check() {
  local kind=$1 port pid
  if [[ $kind == realtime-sio ]]; then
    note "$kind" client-check "skipped: realtime's check already drives this server over Socket.IO"
    return
  fi
  port=$(free_port)
  start_server "$kind" "$port" || { note "$kind" client-check "server did not start"; return; }
  pid=$SERVER_PID
  local seconds
  seconds=$($QUICK && echo 3 || echo 15)
  taskset -c "$GEN_CPU" node "$PEER/client-check.js" --port "$port" --secret "$SECRET" --server "$kind" \
    --members 50 --deliveries 5000 --seconds "$seconds" --warmup "$($QUICK && echo 1 || echo 5)" >>"$RUNS" || note "$kind" client-check "socket.io-client failed"
  gen fixed --server "$kind" --protocol socketio --ports "$port" --pids "$pid" --members 50 --deliveries 5000 \
    --label generator-check || note "$kind" generator-check "generator failed"
  stop_server "$pid"
}

# ---- main -------------------------------------------------------------------------------------
mkdir -p "$RESULTS/logs"
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
START=$SECONDS
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
build
for kind in $SERVERS; do
  if [[ $kind == realtime* ]] && ! ours_available; then
    for s in $SCENARIOS; do note "$kind" "$s" "realtime-standalone.jar was not built"; done
    continue
  fi
  if [[ $kind == netty-socketio && ! -f $NSIO_JAR ]]; then
    for s in $SCENARIOS; do note "$kind" "$s" "the netty-socketio reference was not built"; done
    continue
  fi
  for s in $SCENARIOS; do
    log "== $kind / $s"
    case $s in
      idle) scenario_idle "$kind" ;;
      fanout) scenario_fanout "$kind" ;;
      fixed) scenario_fixed "$kind" ;;
      crossnode) scenario_crossnode "$kind" ;;
      eventlog) scenario_eventlog "$kind" ;;
      check) scenario_check "$kind" ;;
      history) scenario_history "$kind" ;;
      *) log "unknown scenario $s" ;;
    esac
  done
done
# A pass that keeps earlier runs (BENCH_KEEP_RUNS) and skips JMH keeps the earlier JMH results too.
if $JMH || [[ -z ${BENCH_KEEP_RUNS:-} ]]; then rm -f "$RESULTS/jmh.json"; fi
if $JMH; then
  log "== JMH micro-benchmarks (pinned to CPU $SERVER_CPU)"
  taskset -c "$SERVER_CPU" java -XX:ActiveProcessorCount=1 -cp "$GEN_JAR" org.openjdk.jmh.Main \
    -rf json -rff "$RESULTS/jmh.json" -jvmArgsAppend "-XX:ActiveProcessorCount=1" >"$RESULTS/logs/jmh.log" 2>&1 \
    || log "JMH failed; see $RESULTS/logs/jmh.log"
fi
node "$BENCH/report.js" --jmh "$RESULTS/jmh.json" --runs "${BENCH_KEEP_RUNS:+$BENCH_KEEP_RUNS,}$RUNS" --load-start "$LOAD_START" --load-end "$(cut -d' ' -f1-3 /proc/loadavg)" --mode "$($QUICK && echo quick || echo full)" \
  --server-cpu "$SERVER_CPU" --gen-cpu "$GEN_CPU" --server-jvm "$SERVER_JVM" --json "$RESULTS/latest.json" --md "$ROOT/docs/benchmarks.md"
log "done in $((SECONDS - START)) s: $RESULTS/latest.json, docs/benchmarks.md"
