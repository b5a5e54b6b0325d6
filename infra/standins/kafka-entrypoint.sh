#!/bin/bash
# Entrypoint of the Kafka stand-in image (the real broker from its Maven Central jars), with the
# apache/kafka image's conventions: every KAFKA_FOO_BAR variable becomes foo.bar in
# server.properties ("___" stands for "-", "__" for "_"), CLUSTER_ID names the cluster, and the log
# folder is formatted on the first start only. See infra/standins/README.md.
set -euo pipefail
props=/opt/kafka/config/server.properties
mkdir -p "$(dirname "$props")"
: >"$props"
while IFS='=' read -r name value; do
  case "$name" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_JVM_PERFORMANCE_OPTS|KAFKA_LOG4J_OPTS) continue ;;
    KAFKA_*) ;;
    *) continue ;;
  esac
  key=${name#KAFKA_}
  key=${key,,}
  key=${key//___/-}
  key=${key//__/@}
  key=${key//_/.}
  key=${key//@/_}
  printf '%s=%s\n' "$key" "$value" >>"$props"
done < <(env)
logdirs=$(sed -n 's/^log\.dirs=//p' "$props")
logdirs=${logdirs:-/tmp/kraft-combined-logs}
java=(java ${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m} ${KAFKA_OPTS:-} -Dlogback.configurationFile=/opt/kafka/config/logback.xml -cp '/opt/kafka/libs/*')
if [ ! -f "${logdirs%%,*}/meta.properties" ]; then
  "${java[@]}" kafka.tools.StorageTool format --ignore-formatted -t "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" -c "$props"
fi
exec "${java[@]}" kafka.Kafka "$props"
