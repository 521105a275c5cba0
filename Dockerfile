# syntax=docker/dockerfile:1
# AgentPlanner v2: build with the Swift toolchain, run on a slim Ubuntu as a non-root user.
#   docker build -t agentplanner:local .
# The same image runs `serve`, `worker` and `db migrate` (see compose.yaml).

# ---- build ----
FROM swift:6.3-noble AS build
# The build links libpq (Sources/CLibPQ) for the migration's bulk paths.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -q -y --no-install-recommends libpq-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
# Dependencies first, so a source change does not fetch them again.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --product agentplanner --static-swift-stdlib \
    && mkdir /staging \
    && cp "$(swift build -c release --show-bin-path)/agentplanner" /staging/agentplanner

# ---- run ----
FROM ubuntu:noble
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -q -y --no-install-recommends ca-certificates tzdata libjemalloc2 libpq5 \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --user-group --create-home --system --skel /dev/null --home-dir /app agentplanner
WORKDIR /app
COPY --from=build --chown=agentplanner:agentplanner /staging /app
USER agentplanner:agentplanner
# Listen on every interface inside the container; log one JSON object per line; state (a development SQLite
# file, a generated development secret) under /app/data.
ENV HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json AGENTPLANNER_DATA_DIR=/app/data
EXPOSE 3000
ENTRYPOINT ["./agentplanner"]
CMD ["serve"]
