# ozmock in a container, for CI:
#   docker build -t ozmock .
#   docker run --rm -p 8080:8080 ozmock
#   docker run --rm -p 8080:8080 -v "$PWD/state:/data" ozmock \
#       ozmock serve --host 0.0.0.0 --port 8080 --scenario flaky --state-file /data/world.json
# Same steps as the Makefile (install the package, run `ozmock serve`), without the test extras.
# tests/testkit/test_dockerfile.py replays these steps in a virtualenv.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY ozmock ./ozmock
COPY schemas ./schemas
COPY scenarios ./scenarios
RUN pip install .

RUN useradd --create-home --uid 1000 ozmock && mkdir /data && chown ozmock /data
USER ozmock
WORKDIR /data

EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8080/__ozmock/health')"
CMD ["ozmock", "serve", "--host", "0.0.0.0", "--port", "8080"]
