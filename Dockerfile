# migrate-bot: one static-enough binary on a small, non-root runtime image.
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
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /out/migrate-bot /usr/local/bin/migrate-bot
USER nonroot:nonroot
ENTRYPOINT ["/usr/local/bin/migrate-bot"]
CMD ["help"]
