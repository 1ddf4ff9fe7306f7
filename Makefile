# Dengfeng (登峰): the two commands are `make demo` and `make test`.
#
#   make demo    virtualenv + dependencies, migrate, demo data, http://127.0.0.1:8000
#   make test    ruff lint + format check, missing-migration check, the whole pytest suite (SQLite)
#   make lint    ruff + the import-linter contract (the rooms' layers);  make format: ruff format + safe fixes
#   make bench   city scale on PostgreSQL under gunicorn + locust (each page as % of a trivial page), export, PDF
#   make clean   caches and var/ (the demo database, uploads, collected static files);  make distclean: + .venv
#
# Dependencies come from pyproject.toml ([project] dependencies + the `dev` extra). They are installed into
# .venv only when that list changes: the list last installed is kept in .venv/requirements.installed.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/requirements.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist workers: `auto` = one per core. PYTEST_ARGS adds options (e.g. PYTEST_ARGS="-k lifecycle -x").
PYTEST_WORKERS ?= auto
PYTEST_ARGS ?=
PYTEST := $(BIN)/python -m pytest -p no:cacheprovider

.PHONY: help demo test lint format check-migrations install bench clean distclean

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "需要 Python 3.11：找不到 $(PYTHON)（可用 make PYTHON=/path/to/python3.11 指定）" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); echo "创建虚拟环境失败：Debian 上请先安装 python3.11-venv" >&2; exit 1; }

# Installs only when the dependency list in pyproject.toml differs from the one last installed.
install: $(BIN)/python
	@$(BIN)/python -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
		print("\n".join(p["dependencies"] + p.get("optional-dependencies", {}).get("dev", [])))' \
		> $(VENV)/requirements.wanted
	@if cmp -s $(VENV)/requirements.wanted $(STAMP); then \
		rm -f $(VENV)/requirements.wanted; \
	else \
		echo "==> installing dependencies from pyproject.toml into $(VENV)"; \
		$(BIN)/python -m pip install --disable-pip-version-check --quiet -r $(VENV)/requirements.wanted \
			&& mv $(VENV)/requirements.wanted $(STAMP); \
	fi
	@$(BIN)/python tools/compile_messages.py

demo: install
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo "==> 登峰演示系统：http://$(HOST):$(PORT)/  （演示账号密码均为 dengfeng-demo，见 README.md）"
	$(MANAGE) runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-migrations: install
	DJANGO_SETTINGS_MODULE=dengfeng.settings.test $(MANAGE) makemigrations --check --dry-run

test: lint check-migrations
	$(PYTEST) -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The city-scale run needs PostgreSQL and Redis on 127.0.0.1 (BENCH_DATABASE_URL, BENCH_REDIS_URL; BENCH_ARGS e.g.
# "--seconds 10 --reseed"); then the 20,000-row export and the demo-size page and PDF timings. Every room runs even
# when an earlier one misses a target; the run fails at the end, naming them.
BENCH_ARGS ?=
bench: install
	@failed=""; \
	for step in "city.py $(BENCH_ARGS)" export.py run.py pdf.py tabular.py expert_review.py \
			notices.py funding.py checks.py monitoring.py dashboard.py; do \
		echo "==> benchmarks/$$step"; $(BIN)/python benchmarks/$$step || failed="$$failed $${step%% *}"; \
	done; \
	if [ -n "$$failed" ]; then echo "==> 未达到目标或未能运行：$$failed"; exit 1; fi

clean:
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
	rm -rf .pytest_cache .ruff_cache var

distclean: clean
	rm -rf $(VENV)
