# syntax=docker/dockerfile:1
ARG SWIFT_VERSION=6.3
FROM swift:${SWIFT_VERSION}-bookworm AS build

WORKDIR /src
COPY Package.swift Package.resolved ./
RUN swift package resolve \
    && echo "resolved for $SWIFT_VERSION"
COPY . .
RUN swift build -c release --static-swift-stdlib && \
    cp "$(swift build -c release --show-bin-path)/draftforge" /usr/local/bin/

FROM debian:bookworm-slim
ENV LANG=C.UTF-8 BOOKS_DIR=/books
LABEL org.opencontainers.image.title="DraftForge — café"
RUN apt-get update && apt-get install -y --no-install-recommends libcmark-gfm0 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/draftforge /usr/local/bin/
EXPOSE 8080
USER 1000:1000
HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/ || exit 1
ENTRYPOINT ["draftforge", "serve", "--port", "8080"]
CMD ["/books"]
