# Stand-in for mongo (infra/standins/build.sh): Herald's embedded Mongo-wire server (H2 file under
# /data/db). No replica sets, no transactions: see docs/operations.md.
FROM localhost/herald-embedded-lib:latest
RUN mkdir -p /data/db
EXPOSE 27017
ENTRYPOINT ["java", "-Xmx256m", "-Dlogback.configurationFile=/opt/kafka/config/logback.xml", "-cp", "/opt/kafka/libs/*", "io.herald.embedded.mongo.MongoWireServer"]
CMD ["--host", "0.0.0.0", "--port", "27017", "--file", "/data/db/herald.mv"]
