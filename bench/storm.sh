#!/usr/bin/env bash
# Reconnect storm: N socket.io-client clients connect at once to a freshly started server (cold start); then the
# server gets SIGTERM and is started again with the same command, and the clients reconnect by themselves.
# Measures, per phase, how many clients were connected within the client's 20 s timeout and how long until all
# were (and had joined their room), checks presence (realtime's admin API) and the user:joined announcements
# seen by an observer client, and records the server's RSS before and after the cold storm.
#
#   bench/storm.sh                          5,000 clients, realtime and Socket.IO, 3 runs each
#   STORM_CLIENTS="5000 19000" bench/storm.sh
#   STORM_CLIENTS=0 STORM_RUNS=10 bench/storm.sh   start-up only: time to "ready" and /health, CPU, RSS
#   STORM_NODES=2 STORM_SERVERS=realtime bench/storm.sh   two realtime nodes on the local Redis (REALTIME_REDIS_URL,
#                                           default redis://127.0.0.1:6379; a channel prefix of their own), each
#                                           user's clients on one of them; only the first node is restarted, and
#                                           presence is checked on both (every user once, with the cluster-wide count)
#
# Environment: STORM_SERVERS ("realtime socketio"), STORM_CLIENTS ("5000"), STORM_RUNS (3), STORM_USERS (1000),
# STORM_WORKERS (client processes, 4), STORM_SERVER_CPU (0), STORM_CLIENT_CPU (1), STORM_PHASES ("cold,restart"),
# STORM_JAVA_OPTS (JVM flags of the realtime server; default: the launcher's defaults, DEFAULT_JAVA_OPTS in
# bin/realtime), STORM_CDS (auto/off: the launcher's class-data archive, REALTIME_CDS), STORM_LABEL (a name for
# this set of runs in the report), STORM_LOG_DIR (a directory the servers' logs are copied to at the end).
# Output: bench/results/storm-<time>.jsonl (one record per run and phase) and its tables, storm-<time>.md;
# `node bench/storm-report.js FILE.jsonl... --docs docs/benchmarks.md` puts the tables of one or more passes into
# the "Reconnect storm" section of docs/benchmarks.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER=$ROOT/bench/peers/socketio
RESULTS=$ROOT/bench/results
JAR=$ROOT/realtime-standalone/target/realtime-standalone.jar
SERVERS=${STORM_SERVERS:-"realtime socketio"}
SIZES=${STORM_CLIENTS:-5000}
RUNS=${STORM_RUNS:-3}
USERS=${STORM_USERS:-1000}
WORKERS=${STORM_WORKERS:-4}
SERVER_CPU=${STORM_SERVER_CPU:-0}
CLIENT_CPU=${STORM_CLIENT_CPU:-1}
PHASES=${STORM_PHASES:-cold,restart}
DEFAULT_OPTS=$(sed -n 's/^DEFAULT_JAVA_OPTS="\(.*\)"$/\1/p' "$ROOT/bin/realtime")
JAVA_OPTS_USED=${STORM_JAVA_OPTS-$DEFAULT_OPTS}
CDS=${STORM_CDS:-auto}
LABEL=${STORM_LABEL:-shipped}
LOG_DIR=${STORM_LOG_DIR:-}
NODES=${STORM_NODES:-1}
REDIS_URL=${REALTIME_REDIS_URL:-redis://127.0.0.1:6379}
SECRET="storm-secret-$(date +%s)-0123456789abcdef0123456789"
ADMIN_TOKEN="storm-admin-$(date +%s)-0123456789abcdef"
CLK_TCK=$(getconf CLK_TCK)
RUN_ID=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$RESULTS/storm-$RUN_ID.jsonl
WORK=$(mktemp -d)
SERVER_PID=
STORM_PID=
PEER_PID= # the second node of a two-node run (never restarted)
NODE_ENV=() # extra environment of the realtime node being started (cluster settings)

log() { printf '[storm %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
now_ms() { date +%s%3N; }

cleanup() {
  for pid in $STORM_PID $SERVER_PID $PEER_PID; do kill "$pid" 2>/dev/null || true; done
  if [[ -n $LOG_DIR ]]; then mkdir -p "$LOG_DIR" && cp "$WORK"/*.log "$LOG_DIR"/ 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# CPU time (ms) of a process and its children (the storm client's workers): utime + stime from /proc
cpu_ms() {
  local total=0 pid ticks
  for pid in "$1" $(pgrep -P "$1" || true); do
    ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + ticks))
  done
  echo $((total * 1000 / CLK_TCK))
}

# A TcpExt counter of the whole machine (ListenOverflows: connections dropped because an accept queue was full)
tcpext() { awk -v k="$1" '/^TcpExt:/ { if (!n) { for (i = 1; i <= NF; i++) if ($i == k) c = i; n = 1 } else print $c }' /proc/net/netstat; }

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# start_server KIND: starts it on $PORT (and $HTTP), sets SERVER_PID and the times LAUNCH, READY, HEALTH (ms).
start_server() {
  local kind=$1 logf=$WORK/$1-$(now_ms).log health
  ARCHIVE=false # whether a class-data archive was there to be used
  if [[ $CDS != off && $kind == realtime ]] && compgen -G "$WORK/cds-$RUN_NO/*.jsa" >/dev/null; then ARCHIVE=true; fi
  LAUNCH=$(now_ms)
  if [[ $kind == socketio ]]; then
    env BENCH_PORT="$PORT" BENCH_JWT_SECRET="$SECRET" BENCH_ROOMS="$ROOMS" \
      taskset -c "$SERVER_CPU" node "$PEER/server.js" >>"$logf" 2>&1 &
    health="http://127.0.0.1:$PORT/bench/stats"
  else
    # As the README says: bin/realtime serve, i.e. java -jar realtime-standalone.jar serve with the shipped JVM
    # flags, plus the launcher's class-data archive (made in the background after the first start of a jar, used by
    # the restarted server; made 5 s after the start instead of 30 to keep runs short). The message rate limit is
    # raised for the observer, which joins every room at once.
    env REALTIME_HOST=127.0.0.1 REALTIME_PORT="$PORT" REALTIME_HTTP_PORT="$HTTP" REALTIME_JWT_SECRET="$SECRET" \
      REALTIME_ROOMS="$ROOMS" REALTIME_RATE_LIMIT=1000000 REALTIME_MAX_CONNECTIONS=100000 \
      REALTIME_MESSAGE_RATE_LIMIT=1000 REALTIME_ADMIN_TOKEN="$ADMIN_TOKEN" \
      REALTIME_JAR="$JAR" REALTIME_CDS="$CDS" REALTIME_CDS_DIR="$WORK/cds-$RUN_NO" REALTIME_CDS_DELAY=5 \
      JAVA_OPTS="$JAVA_OPTS_USED" "${NODE_ENV[@]}" \
      taskset -c "$SERVER_CPU" "$ROOT/bin/realtime" serve >>"$logf" 2>&1 &
    health="http://127.0.0.1:$HTTP/health"
  fi
  SERVER_PID=$!
  SERVER_LOG=$logf
  READY=0
  HEALTH=0
  local deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)) && kill -0 "$SERVER_PID" 2>/dev/null; do
    if curl -sf -o /dev/null "$health"; then HEALTH=$(now_ms); break; fi
    sleep 0.02
  done
  if ((HEALTH == 0)); then
    log "$kind did not start; the end of its log:"
    tail -5 "$logf" >&2
    return 1
  fi
  # realtime: the time stamp of its "ready" log line; the Socket.IO server logs none
  READY=$HEALTH
  local stamp
  stamp=$(grep -m1 -o '^[0-9T:.-]*Z.*realtime ready' "$logf" | cut -d' ' -f1 || true)
  if [[ -n $stamp ]]; then READY=$(date -d "$stamp" +%s%3N); fi
}

wait_archive() { # the class-data archive of this run, made in the background by the launcher (at most 120 s)
  local deadline=$((SECONDS + 120))
  [[ $CDS != off ]] || return 0
  until compgen -G "$WORK/cds-$RUN_NO/*.jsa" >/dev/null; do
    if ((SECONDS > deadline)); then log "no class-data archive after 120 s"; return 0; fi
    sleep 0.5
  done
}

stop_peer() { # the second node of a two-node run
  if [[ -n $PEER_PID ]]; then
    kill -TERM "$PEER_PID" 2>/dev/null || true
    wait "$PEER_PID" 2>/dev/null || true
    PEER_PID=
  fi
}

stop_server() { # SIGTERM, then wait up to 60 s (SIGKILL after that); sets STOPPED (ms)
  kill -TERM "$SERVER_PID" 2>/dev/null || true
  local deadline=$((SECONDS + 60))
  while kill -0 "$SERVER_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.05; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  STOPPED=$(now_ms)
}

# one_run KIND CLIENTS RUN: appends one record per phase to $OUT
one_run() {
  local kind=$1 clients=$2 run=$3 rooms_n stormlog=$WORK/storm.out
  RUN_NO=$clients-$run # each storm starts without a class-data archive, as after a new jar
  if ((clients == 0)); then RUN_NO=start; fi # start-up only: the first run writes the archive, the others use it
  PORT=$(free_port)
  HTTP=$(free_port)
  rooms_n=$(((USERS + 9) / 10)) # 10 users a room, as storm.js assigns them
  local wait_s=$((clients / 100 > 60 ? clients / 100 : 60)) # s to wait for everyone: 60, 190 for 19,000
  ROOMS=$(seq -s, -f 'storm-%g' 0 $((rooms_n - 1)))
  local args=(--port "$PORT" --secret "$SECRET" --clients "$clients" --users "$USERS" --workers "$WORKERS"
    --server "$kind" --phases "$PHASES" --restart-file "$WORK/restart.json"
    --cold-deadline "$wait_s" --restart-deadline "$wait_s")
  if [[ $kind == socketio ]]; then
    args+=(--stats-url "http://127.0.0.1:$PORT/bench/stats")
  elif ((NODES == 1)); then
    args+=(--admin-url "http://127.0.0.1:$HTTP" --admin-token "$ADMIN_TOKEN")
  fi
  rm -f "$WORK/restart.json" "$stormlog"
  NODE_ENV=()
  if ((NODES > 1)); then
    # The second node starts first and stays up; the observer connects to it (the last port of storm.js).
    local prefix="storm-$RUN_ID-$clients-$run" port_b http_b
    port_b=$(free_port)
    http_b=$(free_port)
    NODE_ENV=(REALTIME_REDIS_URL="$REDIS_URL" REALTIME_REDIS_CHANNEL_PREFIX="$prefix" REALTIME_NODE_ID=storm-b)
    local port_a=$PORT http_a=$HTTP cds=$CDS
    PORT=$port_b HTTP=$http_b CDS=off # one class-data archive writer per run: the node that restarts
    start_server "$kind" || return 1
    PEER_PID=$SERVER_PID
    PORT=$port_a HTTP=$http_a CDS=$cds
    NODE_ENV=(REALTIME_REDIS_URL="$REDIS_URL" REALTIME_REDIS_CHANNEL_PREFIX="$prefix" REALTIME_NODE_ID=storm-a)
    args[1]="$PORT,$port_b"
    args+=(--admin-url "http://127.0.0.1:$HTTP,http://127.0.0.1:$http_b" --admin-token "$ADMIN_TOKEN")
  fi
  start_server "$kind" || return 1
  local cold_start="{\"launchToReadyMs\":$((READY - LAUNCH)),\"launchToHealthMs\":$((HEALTH - LAUNCH)),\"archive\":$ARCHIVE}"
  local rss0 cpu0
  rss0=$(rss_kb "$SERVER_PID")
  cpu0=$(cpu_ms "$SERVER_PID")
  local drops0
  drops0=$(tcpext ListenOverflows)
  log "$kind $clients clients, run $run: ready after $((READY - LAUNCH)) ms, /health after $((HEALTH - LAUNCH)) ms"
  if ((clients == 0)); then # start-up only: how long, how much CPU, how much memory
    printf '{"phase":"start","server":"%s","clients":0,"label":"%s","run":%s,"javaOpts":"%s","coldStart":%s,"serverStartCpuMs":%s,"rssBeforeKb":%s}\n' \
      "$kind" "$LABEL" "$run" "$JAVA_OPTS_USED" "$cold_start" "$cpu0" "$rss0" >>"$OUT"
    if [[ $kind == realtime ]]; then wait_archive; fi # the next runs start with it
    stop_server
    SERVER_PID=
    return 0
  fi
  taskset -c "$CLIENT_CPU" node "$PEER/storm.js" "${args[@]}" >"$stormlog" 2>"$WORK/storm.err" &
  STORM_PID=$!
  local deadline=$((SECONDS + 240))
  until grep -q '^STORM cold done' "$stormlog" 2>/dev/null; do
    if ! kill -0 "$STORM_PID" 2>/dev/null || ((SECONDS > deadline)); then
      log "the storm client stopped early: $(tail -3 "$WORK/storm.err")"
      return 1
    fi
    sleep 0.2
  done
  local rss1 restart="null" cpu1 ccpu
  rss1=$(rss_kb "$SERVER_PID")
  cpu1=$(cpu_ms "$SERVER_PID")
  ccpu=$(cpu_ms "$STORM_PID")
  local drops=$(($(tcpext ListenOverflows) - drops0))
  if [[ $PHASES == *restart* ]]; then
    # A node restarted after running a while has its class-data archive: wait for the launcher to make it.
    if [[ $kind == realtime ]]; then wait_archive; fi
    local term
    term=$(now_ms)
    stop_server
    start_server "$kind" || return 1
    restart="{\"termAt\":$term,\"stoppedAt\":$STOPPED,\"launchAt\":$LAUNCH,\"readyAt\":$READY,\"healthAt\":$HEALTH,\"archive\":$ARCHIVE}"
    echo "$restart" >"$WORK/restart.json"
    log "$kind restarted: stopped after $((STOPPED - term)) ms, ready after $((READY - LAUNCH)) ms"
  fi
  deadline=$((SECONDS + 240))
  while kill -0 "$STORM_PID" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  kill "$STORM_PID" 2>/dev/null || true
  wait "$STORM_PID" 2>/dev/null || true
  STORM_PID=
  stop_server
  SERVER_PID=
  stop_peer
  local meta
  meta="{\"label\":\"$LABEL\",\"run\":$run,\"javaOpts\":\"${JAVA_OPTS_USED}\",\"cds\":\"$CDS\",\"rssBeforeKb\":$rss0,\"rssAfterKb\":$rss1,\"serverStartCpuMs\":$cpu0,\"serverColdCpuMs\":$((cpu1 - cpu0)),\"clientColdCpuMs\":$ccpu,\"listenOverflows\":$drops,\"coldStart\":$cold_start,\"restartTimes\":$restart,\"loadavg\":\"$(cut -d' ' -f1-3 /proc/loadavg)\"}"
  grep '^{' "$stormlog" | while read -r line; do
    node -e 'const [a, b] = process.argv.slice(1).map(JSON.parse); console.log(JSON.stringify({ ...b, ...a }))' "$line" "$meta"
  done | tee -a "$OUT" | node -e '
    for (const l of require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean)) {
      const r = JSON.parse(l);
      console.error(`[storm] ${r.server} ${r.phase}: ${r.connected}/${r.clients} connected (${r.connectedWithin20s} within 20 s), all joined after ${r.allJoinedMs} ms, user:joined dup ${r.userJoined && r.userJoined.duplicated}, presence wrong ${r.state && r.state.presence ? r.state.presence.wrongCount : "-"}, connections ${r.state && r.state.connections}/${r.state && r.state.expectedConnections}`);
    }'
}

# ---- main ---------------------------------------------------------------------------------------------------
mkdir -p "$RESULTS"
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [[ ! -f $JAR ]]; then
  log "building the standalone jar"
  (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
fi
if ! (cd "$PEER" && npm ls --depth=0 >/dev/null 2>&1); then
  log "installing socket.io-client and the Socket.IO reference server (npm ci)"
  (cd "$PEER" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
log "realtime JVM flags: ${JAVA_OPTS_USED:-(none)}, class-data archive $CDS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for clients in $SIZES; do
  for ((run = 1; run <= RUNS; run++)); do
    for kind in $SERVERS; do
      if ((NODES > 1)) && [[ $kind != realtime ]]; then
        log "STORM_NODES=$NODES: only realtime runs as a cluster; skipping $kind"
        continue
      fi
      if ! one_run "$kind" "$clients" "$run"; then # leave nothing running for the next run
        log "$kind $clients clients, run $run failed"
        if [[ -n $STORM_PID ]]; then kill "$STORM_PID" 2>/dev/null || true; fi
        if [[ -n $SERVER_PID ]]; then stop_server; fi
        stop_peer
        STORM_PID=
        SERVER_PID=
      fi
    done
  done
done
node "$ROOT/bench/storm-report.js" "$OUT" >"$RESULTS/storm-$RUN_ID.md"
log "done: $OUT, $RESULTS/storm-$RUN_ID.md"
