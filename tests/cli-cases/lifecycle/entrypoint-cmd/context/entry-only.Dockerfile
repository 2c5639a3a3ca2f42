FROM alpine
ENTRYPOINT ["echo", "only-entry"]
