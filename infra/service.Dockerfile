# One image per Herald service; the jar is built on the host first (./mvnw -DskipTests package).
# Build: docker build -f infra/service.Dockerfile --build-arg JAR=ingest-api/target/ingest-api-0.1.0-SNAPSHOT-exec.jar .
#
# JDK 25 like the standalone launcher (`herald`, see docs/architecture.md "Runtime and warm-up"):
# the jar is extracted (Spring Boot's nested-jar launcher cannot use an AOT cache) and an AOT cache
# of the service's start-up (classes loaded and linked while the context refreshes) is built into
# the image. A service container has no broker at build time, so this cache is trained on the
# start only, not under load; where the training cannot run the image is built without a cache and
# the entrypoint starts without it.
#
# The services' volumes mount under /data (keys, Kafka Streams state): the folders exist in the image,
# owned by the service user, so a new volume takes that owner instead of root's.
# The layer before ARG is the same for every service (the build argument would change its cache key).
FROM eclipse-temurin:25-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 herald && mkdir -p /data/keys /data/streams && chown -R herald /data
ARG JAR
COPY ${JAR} /tmp/service.jar
RUN java -Djarmode=tools -jar /tmp/service.jar extract --destination /app && rm /tmp/service.jar \
 && (cd /app && java -XX:AOTCacheOutput=/app/service.aot -Dspring.context.exit=onRefresh \
      --sun-misc-unsafe-memory-access=allow -jar /app/service.jar >/tmp/aot-training.log 2>&1 \
     || echo "no AOT cache: start-up training did not run; the service starts without it") \
 && rm -f /tmp/aot-training.log
USER herald
WORKDIR /data
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:MaxGCPauseMillis=20"
ENTRYPOINT ["/bin/sh", "-c", "if [ -f /app/service.aot ]; then exec java --sun-misc-unsafe-memory-access=allow -XX:AOTCache=/app/service.aot -Xlog:aot=error,cds=error -jar /app/service.jar; else exec java --sun-misc-unsafe-memory-access=allow -jar /app/service.jar; fi"]
