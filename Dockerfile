# newsfacts: the same install as the README, on a slim Python, as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    NEWSFACTS_BIND=0.0.0.0:8000

WORKDIR /app
COPY pyproject.toml README.md openapi.yaml ./
COPY service ./service
COPY schemas ./schemas
RUN python -m pip install --upgrade pip && python -m pip install .

RUN useradd --create-home --uid 10001 newsfacts
USER newsfacts

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"

CMD ["newsfacts", "serve"]
