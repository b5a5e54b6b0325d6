# Stand-in for eclipse-temurin:25-jre (infra/standins/build.sh): the machine's own Temurin 25 on the
# debootstrapped Debian base, at the real image's path.
FROM debian:bookworm-slim
COPY openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
CMD ["jshell"]
