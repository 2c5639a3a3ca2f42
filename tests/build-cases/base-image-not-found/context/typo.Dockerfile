FROM ubunto
RUN echo hi
