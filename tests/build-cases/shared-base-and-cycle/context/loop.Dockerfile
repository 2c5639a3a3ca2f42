FROM loop AS loop
RUN true
