# syntax=example.com/custom/frontend:2
FROM scratch
