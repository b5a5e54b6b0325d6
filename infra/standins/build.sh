#!/usr/bin/env bash
# Builds, into the Docker engine at $DOCKER_HOST, local stand-ins for the public images that the
# compose cluster names, under those exact names, for machines that reach no image registry:
#
#   debian:bookworm-slim   debootstrap --variant=minbase from the machine's Debian mirror
#   eclipse-temurin:25-jre the machine's own Temurin 25 (HERALD_JAVA_HOME, JAVA_HOME, /usr/lib/jvm/*)
#   apache/kafka:4.2.1     the real broker from its Maven Central jars (Herald's `embedded` module)
#   mongo:8.0              Herald's embedded Mongo-wire server (no replica sets: use the override
#                          file docker-compose.standins.yml beside this script)
#   nginx:1.28             Debian's nginx
#
# An image already present is kept (delete it to rebuild). Needs the jars of `./mvnw package`
# (the embedded module's); copies its dependencies with the Maven wrapper (MAVEN_ARGS are passed,
# e.g. -Dmaven.repo.local=...). Builds use the classic builder on the host network (containers
# have no outbound network here). Prints how long each step took.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/infra/standins"
export DOCKER_BUILDKIT=0
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

step_start=0
step() { step_start=$(date +%s); echo "standins: $1"; }
done_step() { echo "standins:   done in $(( $(date +%s) - step_start )) s"; }
has_image() { docker image inspect "$1" >/dev/null 2>&1; }
build() { # tag dockerfile context
  docker build -q --network=host -t "$1" -f "$2" "$3" >/dev/null
}

if ! has_image debian:bookworm-slim; then
  step "debian:bookworm-slim (debootstrap)"
  mirror="${HERALD_DEBIAN_MIRROR:-$(sed -n 's/^URIs: *//p; s/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) bookworm .*/\2/p' \
    /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -v security | head -1 || true)}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  debootstrap --variant=minbase bookworm "$WORK/rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  tar -C "$WORK/rootfs" -c . | docker import --change 'CMD ["bash"]' - debian:bookworm-slim >/dev/null
  rm -rf "$WORK/rootfs"
  done_step
fi

if ! has_image eclipse-temurin:25-jre; then
  step "eclipse-temurin:25-jre (this machine's JDK 25)"
  jdk=""
  for home in "${HERALD_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    if [ -n "$home" ] && [ -x "$home/bin/java" ] && [ -f "$home/release" ] \
       && [ "$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")" -ge 25 ] 2>/dev/null; then
      jdk="$home"; break
    fi
  done
  if [ -z "$jdk" ]; then
    echo "standins: no JDK 25 found (HERALD_JAVA_HOME, JAVA_HOME, /usr/lib/jvm/*); the service images need one" >&2
    exit 1
  fi
  mkdir -p "$WORK/temurin"
  cp -a "$(readlink -f "$jdk")" "$WORK/temurin/openjdk"
  rm -rf "$WORK/temurin/openjdk/"{include,man,jmods,lib/src.zip}
  cp "$HERE/temurin.Dockerfile" "$WORK/temurin/Dockerfile"
  build eclipse-temurin:25-jre "$WORK/temurin/Dockerfile" "$WORK/temurin"
  rm -rf "$WORK/temurin"
  done_step
fi

if ! has_image localhost/herald-embedded-lib:latest; then
  step "localhost/herald-embedded-lib (jars of the embedded module)"
  jar="$(ls "$ROOT"/embedded/target/embedded-*.jar 2>/dev/null | grep -v -e sources -e tests | head -1 || true)"
  if [ -z "$jar" ]; then
    echo "standins: embedded/target/embedded-*.jar is missing; build first: ./mvnw -DskipTests package" >&2
    exit 1
  fi
  mkdir -p "$WORK/lib/lib"
  # shellcheck disable=SC2086
  (cd "$ROOT" && ./mvnw -q -B ${MAVEN_ARGS:-} -pl embedded dependency:copy-dependencies \
     -DincludeScope=runtime -DoutputDirectory="$WORK/lib/lib") >"$WORK/mvn.log" 2>&1 \
    || { tail -30 "$WORK/mvn.log" >&2; exit 1; }
  cp "$jar" "$WORK/lib/lib/"
  cp "$HERE/logback.xml" "$WORK/lib/"
  build localhost/herald-embedded-lib:latest "$HERE/embedded-lib.Dockerfile" "$WORK/lib"
  rm -rf "$WORK/lib"
  done_step
fi

for image in "apache/kafka:4.2.1 kafka" "mongo:8.0 mongo" "nginx:1.28 nginx"; do
  set -- $image
  if ! has_image "$1"; then
    step "$1"
    build "$1" "$HERE/$2.Dockerfile" "$HERE"
    done_step
  fi
done
