"""Production settings (issue 10): stateless web processes — sessions in the database through the shared cache,
the cache in Redis, files in the object store when S3_BUCKET is set — and persistent, health-checked database
connections. Each case imports the settings module in a fresh interpreter with the environment production gets."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "x" * 50,
    "DATABASE_URL": "postgres://dengfeng:secret@db:5432/dengfeng",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "CACHE_URL": "redis://redis:6379/2",
    "PATH": "/usr/bin:/bin",
}
READ = (
    "import json, dengfeng.settings.production as s; print(json.dumps({'session': s.SESSION_ENGINE, "
    "'cache': s.CACHES['default']['BACKEND'], 'db': [s.DATABASES['default'].get('CONN_MAX_AGE'), "
    "s.DATABASES['default'].get('CONN_HEALTH_CHECKS')], 'files': s.STORAGES['default']['BACKEND'], "
    "'results': s.CELERY_RESULT_BACKEND}))"
)


def production(**changes):
    environment = {key: value for key, value in {**PRODUCTION, **changes}.items() if value is not None}
    return subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


def test_production_keeps_nothing_in_the_web_process():
    result = production(S3_BUCKET="dengfeng", S3_ENDPOINT_URL="http://minio:9000")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "session": "django.contrib.sessions.backends.cached_db",
        "cache": "common.cache.RedisCache",
        "db": [600, True],
        "files": "storages.backends.s3.S3Storage",
        "results": "redis://redis:6379/0",
    }


def test_without_a_bucket_files_stay_in_the_local_folder():
    result = production()
    assert (result.returncode, json.loads(result.stdout)["files"]) == (
        0,
        "django.core.files.storage.FileSystemStorage",
    )


def test_production_refuses_a_per_process_cache():
    result = production(CACHE_URL=None)
    assert result.returncode != 0
    assert "CACHE_URL 未设置" in result.stderr
