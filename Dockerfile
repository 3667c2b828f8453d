# syntax=docker/dockerfile:1
# One image for every flowrank service (generate, produce, stream, verify): the shaded CLI jar on a
# Java 17 JRE, run as a non-root user. `docker compose up` builds it; by hand:
#   docker build -t flowrank:local .
#   docker run --rm flowrank:local --help

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

# Stage 2: the runtime.
FROM eclipse-temurin:17-jre
# curl serves the compose health checks (GET /health of the streams app). /data (input files) and
# /state (Kafka Streams state) belong to the flowrank user, so named volumes mounted there start with
# that owner. The wrapper lets every service run `flowrank COMMAND`, with JAVA_OPTS for the JVM.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --uid 10001 --create-home --home-dir /home/flowrank flowrank \
    && mkdir -p /opt/flowrank /data /state \
    && chown flowrank:flowrank /data /state \
    && printf '#!/bin/sh\nexec java $JAVA_OPTS -jar /opt/flowrank/flowrank.jar "$@"\n' > /usr/local/bin/flowrank \
    && chmod 0755 /usr/local/bin/flowrank
COPY --from=build /src/cli/target/flowrank-all.jar /opt/flowrank/flowrank.jar
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75"
USER flowrank
WORKDIR /home/flowrank
EXPOSE 7070
ENTRYPOINT ["flowrank"]
CMD ["--help"]
