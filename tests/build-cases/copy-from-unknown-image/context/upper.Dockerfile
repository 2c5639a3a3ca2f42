FROM alpine:3.20
COPY --from=Build /out /out
