#!/usr/bin/env bash
# Starts the compose cluster for real and checks it end to end (run by .ci/run after the Maven
# suite; needs the jars of `./mvnw package`, root, and Debian's docker.io, docker-compose and
# debootstrap). See docs/operations.md, "Running the compose cluster".
#
#  1. starts a private Docker engine (its own data and exec root under a temp folder, its own
#     socket, no firewall changes: --iptables=false --bridge=none), stopped and unmounted at the
#     end whatever happens;
#  2. builds the stand-in images (infra/standins/build.sh: no image registry is needed) and the
#     Herald service images (infra/service.Dockerfile);
#  3. `docker-compose up`: Kafka, Mongo-wire, ingest API, 2 stream processors, 2 gateways,
#     notifier, nginx proxy; waits until every container is healthy;
#  4. runs infra/smoke/ClusterSmoke.java through the proxy: sign-up/sign-in, a checkout on a
#     dashboard SSE stream, a chat message between two WebSockets, then SIGKILL of the gateway
#     holding the stream and of one processor, and checks that what is posted after the kill
#     arrives, once, at clients that reconnected through the proxy;
#  5. tears the cluster down (volumes too).
#
# Exit: 0 passed; 75 no Docker engine could be started here (not a failure: .ci/run skips);
# anything else failed. Bounded: SMOKE_TOTAL_SECONDS (default 2400) for everything, each wait
# bounded inside it. Prints the time of every step.
# HERALD_SMOKE_DOCKER_ROOT=<dir>: keep the engine's images there between runs (a warm run); by
# default everything starts cold and is deleted. MAVEN_ARGS are passed to the Maven wrapper.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
export PATH="/usr/bin:/usr/sbin:$PATH" # Debian's docker client (with compose support) first
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0
unset COMPOSE_FILE COMPOSE_PROJECT_NAME

TOTAL="${SMOKE_TOTAL_SECONDS:-2400}"
STARTED=$(date +%s)
left() { echo $(( TOTAL - ($(date +%s) - STARTED) )); }
say() { echo "compose smoke [$(( $(date +%s) - STARTED )) s] $*"; }
step_started=$STARTED
step_done() { say "$1 in $(( $(date +%s) - step_started )) s"; step_started=$(date +%s); }

for tool in dockerd docker docker-compose debootstrap java; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    say "cannot run: $tool is not installed (apt-get install docker.io docker-compose debootstrap)"
    exit 75
  fi
done
for jar in ingest-api stream-processors delivery-gateway notifier; do
  if ! ls "$jar"/target/*-exec.jar >/dev/null 2>&1; then
    say "$jar/target/*-exec.jar is missing: build first (./mvnw -DskipTests package)"
    exit 1
  fi
done

WORK="$(mktemp -d /tmp/herald-smoke.XXXXXX)" # short: the socket path must stay under 108 bytes
DATA="${HERALD_SMOKE_DOCKER_ROOT:-$WORK/data}"
EXEC="$WORK/exec"
mkdir -p "$DATA" "$EXEC"
export DOCKER_HOST="unix://$WORK/docker.sock"
PROJECT="heraldsmoke$$"
COMPOSE=(docker-compose -p "$PROJECT" -f infra/docker-compose.yml -f infra/standins/docker-compose.standins.yml
  -f infra/smoke/docker-compose.smoke.yml)
DOCKERD_PID=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 75 ]; then
      say "failed (exit $rc); the cluster's state and logs:"
      "${COMPOSE[@]}" ps 2>&1 | sed 's/^/  /'
      "${COMPOSE[@]}" logs --no-color --tail=40 2>&1 | sed 's/^/  /' | tail -400
    fi
    timeout 120 "${COMPOSE[@]}" down -v --remove-orphans -t 5 >/dev/null 2>&1
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$DOCKERD_PID" 2>/dev/null
  fi
  # whatever the engine left mounted under the work folder (netns, overlay layers), deepest first
  grep -o " $WORK[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  [ -n "${HERALD_SMOKE_DOCKER_ROOT:-}" ] && grep -o " $DATA[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  rm -rf "$WORK"
  say "finished (exit $rc), total $(( $(date +%s) - STARTED )) s"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. A private Docker engine that leaves the machine's firewall alone (../shared notes, Containers).
dockerd --data-root "$DATA" --exec-root "$EXEC" -H "$DOCKER_HOST" -p "$WORK/dockerd.pid" \
  --iptables=false --ip6tables=false --bridge=none >"$WORK/dockerd.log" 2>&1 &
DOCKERD_PID=$!
for _ in $(seq 1 60); do
  docker info >/dev/null 2>&1 && break
  kill -0 "$DOCKERD_PID" 2>/dev/null || break
  sleep 0.5
done
if ! docker info >/dev/null 2>&1; then
  say "no Docker engine could be started here; dockerd said:"
  tail -5 "$WORK/dockerd.log" | sed 's/^/  /'
  exit 75
fi
step_done "Docker engine started"

# 2. Images: stand-ins for the public images, then the services'.
timeout "$(left)" infra/standins/build.sh
step_done "stand-in images ready"
timeout "$(left)" "${COMPOSE[@]}" build -q >"$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; exit 1; }
step_done "service images built"

# 3. The cluster, on free host ports.
free_port() {
  local p
  while :; do
    p=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
export HERALD_INGEST_PORT HERALD_GATEWAY_PORT HERALD_KAFKA_PORT
# A port found free may be taken before the proxy binds it (other builds share this machine): on
# "already in use", new ports and another try (at most 3).
for attempt in 1 2 3; do
  HERALD_INGEST_PORT=$(free_port); HERALD_GATEWAY_PORT=$(free_port); HERALD_KAFKA_PORT=$(free_port)
  if [ "$HERALD_INGEST_PORT" = "$HERALD_GATEWAY_PORT" ] || [ "$HERALD_GATEWAY_PORT" = "$HERALD_KAFKA_PORT" ] \
     || [ "$HERALD_INGEST_PORT" = "$HERALD_KAFKA_PORT" ]; then
    continue
  fi
  timeout "$(left)" "${COMPOSE[@]}" up -d >"$WORK/up.log" 2>&1 && break
  if [ "$attempt" -lt 3 ] && grep -q "already in use" "$WORK/up.log"; then
    say "a published port was taken meanwhile; trying other ports"
    continue
  fi
  tail -40 "$WORK/up.log"
  exit 1
done
healthy_deadline=$(( $(date +%s) + 420 ))
while :; do
  ids=$("${COMPOSE[@]}" ps -q)
  states=$(docker inspect -f '{{.Name}} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' $ids)
  echo "$states" | grep -qv ' running healthy$' || break
  if [ "$(date +%s)" -gt "$healthy_deadline" ] || [ "$(left)" -le 0 ]; then
    say "not every container became healthy in time:"; echo "$states" | sed 's/^/  /'
    exit 1
  fi
  sleep 2
done
say "$(echo "$states" | wc -l) containers healthy: $(echo "$states" | awk '{sub("^/'"$PROJECT"'_", "", $1); printf "%s ", $1}')"
step_done "cluster up"

# 4. The end-to-end checks, through the proxy.
SMOKE_DEADLINE_SECONDS=$(( $(left) > 600 ? 600 : $(left) )) \
  timeout "$(left)" java infra/smoke/ClusterSmoke.java "http://127.0.0.1:$HERALD_INGEST_PORT" \
  "http://127.0.0.1:$HERALD_GATEWAY_PORT" "${COMPOSE[*]}"
step_done "end-to-end checks passed"

# 5. Down, volumes too (the trap stops the engine).
timeout "$(left)" "${COMPOSE[@]}" down -v --remove-orphans -t 10 >/dev/null 2>&1
step_done "cluster torn down"
