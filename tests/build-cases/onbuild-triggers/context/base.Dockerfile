FROM alpine:3.22
WORKDIR /app
ONBUILD COPY app.txt ./
ONBUILD RUN cat app.txt
