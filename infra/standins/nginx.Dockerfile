# Stand-in for nginx (infra/standins/build.sh): Debian's nginx, started like the official image.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/*
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
