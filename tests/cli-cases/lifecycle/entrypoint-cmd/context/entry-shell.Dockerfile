FROM alpine
ENTRYPOINT echo entry-shell
CMD ["ignored"]
