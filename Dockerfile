# syntax=docker/dockerfile:1
# A Skein node: docker build -t skein . && docker run -p 3000:3000 skein   (docs/deploy.md)
#
# Three stages: the demo page's pinned socket.io-client bundle from npm, the server jar from Maven, and a
# small JRE image that runs it as a non-root user.

# 1. The browser bundle the demo page serves (web-demo/package-lock.json pins it).
FROM node:20-bookworm-slim AS web
WORKDIR /src/web-demo
COPY web-demo/package.json web-demo/package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# 2. The server jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# The dependency cache layer: only the build files, so that a change of the sources does not download
# anything again. Building the modules without sources resolves every dependency and plugin the real
# build needs (dependency:go-offline cannot resolve the reactor's own modules).
COPY pom.xml ./
COPY config config
COPY wire/pom.xml wire/
COPY emitter/pom.xml emitter/
COPY server/pom.xml server/
COPY examples/pom.xml examples/
COPY client-demo/pom.xml client-demo/
ARG MAVEN_FLAGS="-B -q -pl server -am -DskipTests -Dexec.skip -Dspotless.check.skip -Dcheckstyle.skip"
RUN mvn $MAVEN_FLAGS package && rm -rf wire/target emitter/target server/target
# The sources, and the bundle from stage 1 (so Maven need not run npm: -Dexec.skip). The tests,
# formatting and checkstyle ran in CI; the test sources are compiled because the modules' test jars are
# part of the build.
COPY wire/src wire/src
COPY emitter/src emitter/src
COPY server/src/main server/src/main
COPY server/src/test/java server/src/test/java
COPY web-demo web-demo
COPY --from=web /src/web-demo/node_modules web-demo/node_modules
# offline (-o): everything comes from the cache layer
RUN mvn -o $MAVEN_FLAGS package && cp server/target/skein-server.jar /skein-server.jar

# 3. The runtime: a JRE on Alpine (wget for the health check), no build tools.
FROM eclipse-temurin:17-jre-alpine
# a numeric user, so that Kubernetes' runAsNonRoot can check it
RUN addgroup -S -g 10001 skein && adduser -S -u 10001 -G skein -H -h /app skein
WORKDIR /app
COPY --from=build /skein-server.jar /app/skein-server.jar
USER 10001:10001
# Container-aware JVM: heap as a share of the container's memory limit, not of the host's; exit on
# OutOfMemoryError so the orchestrator restarts the node instead of keeping a broken one.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
    SKEIN_HOST=0.0.0.0 \
    SKEIN_PORT=3000 \
    SKEIN_MGMT_PORT=8081
# 3000: Socket.IO and the demo page; 8081: /health/live, /health/ready and /metrics
EXPOSE 3000 8081
# Liveness only: a draining node is still alive (readiness is for load balancers, not for restarts).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD wget -q -O /dev/null http://127.0.0.1:8081/health/live || exit 1
# SIGTERM starts Skein's drain (readiness fails, then clients move to other nodes in batches); give it
# SKEIN_SHUTDOWN_GRACE_MS (10 s) before the runtime kills it: docker stop -t 15, compose stop_grace_period.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-jar", "/app/skein-server.jar"]
