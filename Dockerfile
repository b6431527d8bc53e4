# syntax=docker/dockerfile:1
# Sherlock as a small image that runs as a non-root user. The entrypoint is `sherlock`, so any
# subcommand runs: `docker run IMAGE diagnose /deploy --offline`, or (the default) `serve`.
#
#   docker build -t sherlock .
#   docker run --rm -p 8080:8080 -e SHERLOCK_API_TOKEN -v "$PWD/deploy-repo:/deploy:ro" sherlock
#
# The deployment tree to diagnose is mounted at /deploy (read-only is enough); in Kubernetes a
# git-sync sidecar keeps it fresh (deploy/kubernetes/, docs/server.md).

ARG PYTHON_VERSION=3.11

# ── build: the package and its dependencies in a virtualenv, nothing else ──────────────────
FROM python:${PYTHON_VERSION}-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/sherlock
WORKDIR /src
COPY pyproject.toml README.md LICENSE constraints.txt ./
COPY sherlock ./sherlock
# The image serves the HTTP API and the Slack app and reads every store: all extras, at the
# versions the test suite passed with.
RUN /opt/sherlock/bin/pip install -c constraints.txt '.[all]' \
    && find /opt/sherlock -name '__pycache__' -prune -exec rm -rf {} +

# ── runtime: the slim base, the virtualenv and an unprivileged user ────────────────────────
FROM python:${PYTHON_VERSION}-slim
RUN groupadd --system --gid 10001 sherlock \
    && useradd --system --uid 10001 --gid sherlock --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin sherlock
COPY --from=build /opt/sherlock /opt/sherlock
ENV PATH=/opt/sherlock/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
USER 10001:10001
WORKDIR /deploy
EXPOSE 8080
# Liveness only (the process answers); Kubernetes uses /readyz for readiness as well.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["sherlock"]
CMD ["serve", "/deploy", "--host", "0.0.0.0", "--port", "8080", "--log-format", "json"]
