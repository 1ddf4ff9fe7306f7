# Dengfeng (登峰) production image: gunicorn serves the web app; the same image runs the Celery worker and beat.
#   docker compose up -d --build        (see docker-compose.yml and README.md)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=dengfeng.settings.production \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media \
    XDG_CACHE_HOME=/tmp/.cache \
    GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 3 --timeout 60 --access-logfile - --forwarded-allow-ips=*"

# PDFs (WeasyPrint): Pango and HarfBuzz's subsetter (without it a PDF takes 9 s, not 0.5 s). The PDFs use the
# project's own font (static/fonts); fonts-noto-cjk is only the fallback for a rare character outside its subset.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 dengfeng \
    && useradd --system --uid 1000 --gid dengfeng --home-dir /app --shell /usr/sbin/nologin dengfeng

WORKDIR /app

# The pinned runtime dependencies of pyproject.toml (not the dev extra); a layer that changes only with them.
COPY pyproject.toml ./
RUN python -c 'import tomllib; print("\n".join(tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]))' \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The code stays owned by root (read-only for the app user); only media/ and var/ are writable.
COPY . .
# The project's own translations (locale/*.po → .mo; generated, not in git), compiled with polib: no gettext needed.
RUN python tools/compile_messages.py

# Static files are built into the image (whitenoise serves them, hashed and compressed). Production settings
# refuse to start without a secret, PostgreSQL and a broker; collectstatic touches none, so placeholders suffice.
RUN SECRET_KEY=collectstatic-only DATABASE_URL=postgres://build@localhost/build CELERY_BROKER_URL=redis://build:6379/0 \
        python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/media /app/var \
    && chown -R dengfeng:dengfeng /app/media /app/var \
    && chmod +x docker/entrypoint.sh

USER dengfeng
EXPOSE 8000
ENTRYPOINT ["docker/entrypoint.sh"]
CMD ["gunicorn", "dengfeng.wsgi"]
