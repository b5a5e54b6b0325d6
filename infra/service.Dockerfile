# One image per Herald service; the jar is built on the host first (./mvnw -DskipTests package).
# Build: docker build -f infra/service.Dockerfile --build-arg JAR=ingest-api/target/ingest-api-0.1.0-SNAPSHOT-exec.jar .
FROM eclipse-temurin:17-jre
ARG JAR
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 herald && mkdir -p /data && chown herald /data
COPY ${JAR} /app/service.jar
USER herald
WORKDIR /data
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
