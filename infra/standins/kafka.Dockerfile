# Stand-in for apache/kafka (infra/standins/build.sh): the real broker from its Maven Central jars.
FROM localhost/herald-embedded-lib:latest
COPY kafka-entrypoint.sh /opt/kafka/kafka-entrypoint.sh
EXPOSE 9092
ENTRYPOINT ["/opt/kafka/kafka-entrypoint.sh"]
