# syntax=docker/dockerfile:1
# The image of an OpenCredit service, built from source with nothing but Docker (no host JDK or Maven):
#   docker build --build-arg SERVICE=ledger-service -t opencredit/ledger-service .
# SERVICE is one of activation-service, ledger-service, alerting-service, billing-gateway, portal.
# docker compose up --build builds all four (docker-compose.yml); Kubernetes names the images in
# deploy/kubernetes/base/kustomization.yaml (images:).
#
# Stage "build" compiles the four services and the portal once with the Maven wrapper on a JDK 17; it does not depend
# on SERVICE, so BuildKit builds it once for all four images. Maven's downloads stay in a build cache
# between builds. The final stage is one service's Quarkus fast-jar on a JRE 17, as a non-root user
# with a numeric uid (Kubernetes' runAsNonRoot can check it) and read-only application files.

FROM eclipse-temurin:17-jdk-noble AS build
# the wrapper (distributionType only-script) downloads Maven with curl and unpacks it with unzip
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl unzip \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -Dmaven.test.skip=true package \
      -pl activation-service,ledger-service,alerting-service,billing-gateway,portal -am

FROM eclipse-temurin:17-jre-noble
ARG SERVICE
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=<service>" >&2; exit 1; } \
 && groupadd --system --gid 10001 opencredit \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin opencredit
LABEL org.opencontainers.image.title="opencredit-${SERVICE}"
WORKDIR /app
# owned by root: the service reads its code but cannot change it
COPY --from=build /src/${SERVICE}/target/quarkus-app/ /app/
USER 10001:10001
EXPOSE 8080 8081 8082 8083 8084
# the heap as a share of the container's memory limit; exit (and be restarted) on OutOfMemoryError (SPEC O4)
ENV JAVA_OPTS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["sh", "-c", "exec java -Djava.util.logging.manager=org.jboss.logmanager.LogManager $JAVA_OPTS -jar /app/quarkus-run.jar"]
