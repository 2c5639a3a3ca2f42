FROM golang:alpine AS builder
RUN echo built > /out

FROM buidler
COPY --from=builder /out /out
