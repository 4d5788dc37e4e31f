# Proviso: the web app served by gunicorn (config/gunicorn.py), meant to sit behind the
# nginx of docker-compose.yml. Build: docker compose build
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first (their layer is reused until the lock changes), each checked against
# its hash; the project itself runs from /app and is not installed.
COPY requirements.txt ./
RUN pip install --require-hashes -r requirements.txt

COPY config ./config
COPY core ./core
COPY treaties ./treaties
COPY articles ./articles
COPY evidence ./evidence
COPY manage.py ./
COPY templates ./templates
COPY static ./static
COPY seeds ./seeds

# collectstatic runs with production settings; the key only satisfies the settings check.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=collectstatic-only-build-key-not-used-at-runtime \
    DJANGO_STATIC_ROOT=/app/staticfiles python manage.py collectstatic --no-input

RUN useradd --system --uid 10001 --home-dir /app proviso && chown -R proviso /app
USER proviso

ENV DJANGO_DEBUG=0 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    GUNICORN_WORKERS=3
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"
ENTRYPOINT ["config/entrypoint.sh"]
# Workers, timeouts and the proxy trusted with X-Forwarded-Proto: GUNICORN_* variables.
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi:application"]
