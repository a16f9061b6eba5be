# The Stampede image for `stampede k8s manifest` (docs/distributed.md). Build from the repository root:
#   docker build -t REGISTRY/stampede:TAG .
# Not built or tested in this repository's CI: its machines have no container engine or registry.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 stampede
COPY --from=build /src/stampede-cli/target/stampede.jar /opt/stampede/stampede.jar
COPY --from=build /src/stampede-cli/target/lib /opt/stampede/lib
USER 10001
WORKDIR /tmp
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-XX:+UseCompactObjectHeaders", "-jar", "/opt/stampede/stampede.jar"]
