# ozmock in a container, for CI and as a local sandbox:
#   docker build -t ozmock .
#   docker run --rm -p 8080:8080 ozmock
#   docker run --rm -p 8080:8080 -e OZMOCK_SCENARIO=flaky -e OZMOCK_CLOCK=frozen ozmock
#   mkdir -p state && docker run --rm -p 8080:8080 --user "$(id -u)" -v "$PWD/state:/data" \
#       -e OZMOCK_STATE_FILE=/data/world.json ozmock
# Configured by OZMOCK_* variables (every `ozmock serve` option has one: `ozmock serve --help`).
# Two stages: the first installs the package into a virtualenv with the locked versions
# (requirements.lock); the second is the slim base with that virtualenv only — no sources, no pip
# cache, no test tooling. tests/test_dockerfile.py replays these steps in a virtualenv.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /build
COPY pyproject.toml README.md LICENSE requirements.lock ./
COPY ozmock ./ozmock
COPY schemas ./schemas
COPY scenarios ./scenarios
RUN python -m venv /opt/ozmock
RUN /opt/ozmock/bin/pip install --constraint requirements.lock .

FROM python:3.11-slim
COPY --from=build /opt/ozmock /opt/ozmock
RUN useradd --create-home --uid 1000 ozmock && mkdir /data && chown ozmock /data
ENV PATH=/opt/ozmock/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    OZMOCK_HOST=0.0.0.0 \
    OZMOCK_PORT=8080
USER ozmock
WORKDIR /data
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/__ozmock/health' % os.environ['OZMOCK_PORT'])"
CMD ["ozmock", "serve"]
