FROM alpine
CMD echo cmd-shell $HOME
