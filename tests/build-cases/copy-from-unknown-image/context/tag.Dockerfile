FROM alpine:3.20
COPY --from=node:99 /usr/local/bin/node /node
