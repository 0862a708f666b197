# migrate-bot: one binary on a small, non-root runtime image. The same
# build as the README's (`go build ./cmd/bot`, cgo on).
#
# Build stage: cgo is required (the PostgreSQL DDL reader links
# PostgreSQL's own parser through pg_query_go). The bookworm variant matches
# the glibc of the distroless Debian 12 runtime below.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd/ cmd/
COPY internal/ internal/
ARG VERSION=dev
RUN CGO_ENABLED=1 go build -trimpath \
      -ldflags "-s -w -X github.com/migrate-bot/migrate-bot/internal/cli.Version=${VERSION}" \
      -o /out/migrate-bot ./cmd/bot

# Runtime stage: glibc and CA certificates, no shell, user 65532 (nonroot).
# Git is go-git inside the binary and SQLite is pure Go: nothing else to
# install.
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/migrate-bot /usr/local/bin/migrate-bot
USER nonroot:nonroot
# The nonroot user's home is the one writable place: the embedded SQLite
# store (used when DATABASE_URL is unset) and the fetched repositories live
# there; mount a volume on it to keep the SQLite queue across restarts.
WORKDIR /home/nonroot
ENV MIGRATE_BOT_SQLITE_PATH=/home/nonroot/data/migrate-bot.db \
    MIGRATE_BOT_WORKDIR=/home/nonroot/work \
    MIGRATE_BOT_LISTEN=:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/migrate-bot"]
CMD ["serve"]
