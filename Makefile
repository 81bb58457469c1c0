# weker — cibles usuelles. Les deux commandes d'installation : `make run` et `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Adresse et port de `make run` : `PORT=8080 make run`, ou `HOTE=0.0.0.0 PORT=8080 make run` pour l'ouvrir au réseau.
PORT ?= 8000
HOTE ?= 127.0.0.1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint fix worker beat demo bench deps-systeme migrate comptes clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installe: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installe

deps-systeme:
	@bash scripts/deps-systeme.sh

migrate: venv
	@mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) charger_territoires
	$(MANAGE) ouvrir_budget_faj

comptes: migrate
	$(MANAGE) creer_comptes_demo

demo: comptes
	$(MANAGE) generer_demo --si-vide

run: venv deps-systeme demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(MANAGE) runserver $(HOTE):$(PORT)

lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint templates --lint --quiet

fix: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djlint templates --reformat --quiet || true

check: venv
	DJANGO_SETTINGS_MODULE=weker.settings.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=weker.settings.prod SECRET_KEY="$$(printf 'x%.0s' {1..64})-verification-check-deploy" \
		ALLOWED_HOSTS=weker.example.org REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" \
		$(MANAGE) check --deploy --fail-level WARNING

test: venv deps-systeme lint check
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

worker: venv
	$(BIN)/celery -A weker worker --loglevel INFO --concurrency 2

beat: venv
	$(BIN)/celery -A weker beat --loglevel INFO

# Banc de mesure sur PostgreSQL (base créée au besoin) ; exemple : make bench BENCH_ARGS="--jeunes 20000"
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/weker_bench
bench: venv
	DATABASE_URL="$${DATABASE_URL:-$(BENCH_DATABASE_URL)}" $(MANAGE) bench $(BENCH_ARGS)

clean:
	rm -rf var/weker.sqlite3* var/static
