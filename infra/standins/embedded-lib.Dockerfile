# The jars of Herald's `embedded` module (the Kafka broker, the Mongo-wire server) on the JRE: one
# layer shared by the Kafka and MongoDB stand-ins (infra/standins/build.sh).
FROM eclipse-temurin:25-jre
COPY lib /opt/kafka/libs
COPY logback.xml /opt/kafka/config/logback.xml
