# The production image: gunicorn serves the site; the same image runs the Celery worker and beat.

# ECharts for the dashboard comes from the npm registry at build time; the site serves it itself
# (no CDN: it must work on an intranet).
FROM node:20-bookworm-slim AS node-packages
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# CJK fonts (Noto for 仿宋/小标宋/黑体, LXGW WenKai for 楷体) and Pango for WeasyPrint;
# libharfbuzz-subset0 makes Chinese PDFs about ten times faster; gettext compiles the translations;
# postgresql-client (pg_dump, pg_restore: version 15) for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-noto-cjk fonts-lxgw-wenkai libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 gettext \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The application's dependencies only: no test or lint tool (those are in requirements-dev.lock).
COPY requirements.lock .
RUN pip install -r requirements.lock

COPY . .
COPY --from=node-packages /build/node_modules/echarts/dist/echarts.min.js static/vendor/echarts.min.js
RUN if find locale -name '*.po' | grep -q .; then python manage.py compilemessages --ignore=.venv; fi \
    && SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
       DJANGO_SETTINGS_MODULE=config.settings.production \
       python manage.py collectstatic --noinput

RUN useradd --system --uid 1000 --home-dir /app app \
    && mkdir -p /app/media \
    && chown app /app/media
USER app

ENV DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/app/media
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
