# Thân Thiện — the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENDOR := thanthien/core/static/vendor
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
# Debian packages the product needs at run time (WeasyPrint; Vietnamese Times-compatible font)
# and those the tests need (Chromium for Playwright, poppler for looking at PDFs).
RUN_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-liberation2
TEST_DEBS := chromium

.PHONY: bench demo test setup sysdeps testdeps assets lint typecheck pytest pytest-sqlite pytest-postgres serve clean

demo: setup
	$(BIN)/thanthien migrate --noinput
	$(BIN)/thanthien demo --if-empty
	@echo ""
	@echo "Mở http://127.0.0.1:8000 trên trình duyệt. Dừng máy chủ: Ctrl+C."
	$(BIN)/thanthien serve --host 127.0.0.1 --port 8000

setup: sysdeps $(VENV)/.installed assets

# Installs missing Debian packages when running as root; otherwise says what is missing.
sysdeps:
	@missing=""; for p in $(RUN_DEBS) $(EXTRA_DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Cài gói Debian:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Thiếu gói Debian:$$missing (chạy với quyền root hoặc: sudo apt-get install$$missing)"; exit 1; fi; \
	fi

testdeps:
	@$(MAKE) --no-print-directory sysdeps EXTRA_DEBS="$(TEST_DEBS)"

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

assets: $(VENDOR)/.installed

$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/bootstrap
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	# axe-core: the accessibility checker the browser tests inject into every page they open.
	mkdir -p $(VENDOR)/axe-core
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe-core/
	# Chart.js: the charts of the statistics pages (their figures are also in tables next to them).
	mkdir -p $(VENDOR)/chart.js
	cp node_modules/chart.js/dist/chart.umd.js $(VENDOR)/chart.js/
	touch $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check thanthien tests bench
	$(BIN)/lint-imports --no-cache

typecheck: setup
	$(BIN)/mypy thanthien

# SQLite always; PostgreSQL when DATABASE_URL names it or one answers on 127.0.0.1:5432.
# Under CI=true a missing browser or PostgreSQL fails the run instead of skipping tests.
test: setup testdeps lint typecheck pytest

pytest: pytest-sqlite pytest-postgres

pytest-sqlite:
	DATABASE_URL=sqlite:///:memory: $(BIN)/pytest $(PYTEST_ARGS)

pytest-postgres:
	@url="$${DATABASE_URL:-}"; \
	case "$$url" in postgres*) ;; *) url=""; esac; \
	if [ -z "$$url" ] && $(BIN)/python -c "import socket; socket.create_connection(('127.0.0.1', 5432), 2)" 2>/dev/null; then url="$(PG_URL)"; fi; \
	if [ -n "$$url" ]; then \
	  echo "== pytest trên PostgreSQL ($$url)"; DATABASE_URL="$$url" $(BIN)/pytest $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then echo "CI=true nhưng không có PostgreSQL tại 127.0.0.1:5432"; exit 1; \
	else echo "Bỏ qua PostgreSQL: không có máy chủ tại 127.0.0.1:5432 (đặt DATABASE_URL để chạy)."; fi

serve: setup
	$(BIN)/thanthien serve

clean:
	rm -rf $(VENV) node_modules $(VENDOR) .mypy_cache .ruff_cache

# Province-sized benchmark on PostgreSQL (see bench/README.md).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/thanthien_bench
bench: setup
	@psql "$(PG_URL)" -tAc "SELECT 1 FROM pg_database WHERE datname='thanthien_bench'" | grep -q 1 || psql "$(PG_URL)" -c "CREATE DATABASE thanthien_bench"
	@if [ -n "$(BENCH_RESET)" ]; then psql "$(BENCH_DATABASE_URL)" -c "DELETE FROM onestop_dossierevent; DELETE FROM onestop_dossier;" >/dev/null 2>&1 || true; fi
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/thanthien migrate --noinput -v0
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python bench/generate.py
	DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python bench/run.py
