FROM alpine
CMD ["echo", "cmd-exec"]
