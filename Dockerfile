# One image for every flowrank service (generate, produce, stream, verify): the shaded CLI jar on a
# Java 17 JRE, run as a non-root user. `docker compose build` builds it once, as flowrank:local; by
# hand:
#   docker build -t flowrank:local .
#   docker run --rm flowrank:local --help
# No `# syntax=` line: the Engine's built-in Dockerfile frontend has `RUN --mount=type=cache`, and a
# syntax line would make BuildKit fetch a frontend image from a registry first.

# Stage 1: the shaded jar, built exactly as ./flowrank builds it.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The whole reactor is copied at once: `-pl cli -am` still reads every module's pom, and
# `dependency:go-offline` cannot resolve the project's own modules before they are built. The cache
# mount keeps the downloaded dependencies between builds instead, so a source change does not
# download Maven Central again.
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -DskipTests package -pl cli -am

# Stage 2: the runtime. /data (input files) and /state (Kafka Streams state) belong to the flowrank
# user, so named volumes mounted there start with that owner. The `flowrank` wrapper runs the jar
# with the command's JVM options (jvm.options, as ./flowrank does), then JAVA_OPTS. The compose
# health checks need no curl: they talk HTTP over bash's /dev/tcp.
FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="flowrank" \
      org.opencontainers.image.description="flowrank: the web servers of a network, counted live from flow records with Kafka Streams"
RUN useradd --system --user-group --uid 10001 --create-home --home-dir /home/flowrank flowrank \
    && mkdir -p /opt/flowrank /data /state \
    && chown flowrank:flowrank /data /state
COPY docker/flowrank /usr/local/bin/flowrank
COPY cli/src/main/resources/jvm.options /opt/flowrank/jvm.options
COPY --from=build /src/cli/target/flowrank-all.jar /opt/flowrank/flowrank.jar
# Class-data sharing: one training run of the demo (embedded broker, streams app, producer and
# verifier in one JVM, so every command's classes) writes an archive the wrapper maps into every
# JVM: a restarted instance answers about a second sooner (README "Recovery"). The JVM runs without
# it, with a warning, should the archive not fit.
RUN mkdir /tmp/train && cd /tmp/train \
    && java -XX:ArchiveClassesAtExit=/opt/flowrank/flowrank.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
         -jar /opt/flowrank/flowrank.jar demo --exit --files-per-second 0 --http 127.0.0.1:0 > demo.log 2>&1 \
       || { tail -40 demo.log; exit 1; } \
    && cd / && rm -rf /tmp/train && test -s /opt/flowrank/flowrank.jsa
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
USER flowrank
WORKDIR /home/flowrank
EXPOSE 7070
ENTRYPOINT ["flowrank"]
CMD ["--help"]
