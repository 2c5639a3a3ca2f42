FROM alpine
ENTRYPOINT ["echo", "entry"]
CMD ["default"]
