# Stödguiden. `make run` and `make test` do all set-up on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
BIN       := $(VENV)/bin
# Rasa 3.6 runs on Python 3.8-3.10; .python-version selects pyenv's 3.10.13 where pyenv is used.
PYTHON    ?= $(shell command -v python3.10 || echo python3)
# The model with the speed-ups (config.yml) and with Rasa's own components (config.stock.yml);
# both may be pointed elsewhere on the command line, e.g. `make test-stock STOCK_MODEL=/tmp/s/stock.tar.gz`.
MODEL     := models/stodguiden.tar.gz
STOCK_MODEL := models/stodguiden-stock.tar.gz
STOCK_RESULTS := results/stock
RASA_PORT ?= 5005
ACTIONS_PORT ?= 5055
# Origins allowed to call the bot from a browser (the city's sites in production).
CORS_ORIGINS ?= http://localhost:$(RASA_PORT)
export PYTHONPATH := $(CURDIR)
# Rasa's telemetry would try the network, which is closed here; keep it off.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

TRAINING_DATA := domain.yml $(shell find data -name '*.yml' 2>/dev/null)
TRAINING_INPUTS := config.yml $(TRAINING_DATA)

.PHONY: help install train train-stock run shell actions test test-unit lint validate test-model test-stock bench lock clean

help:
	@echo "make run    - install, train if needed, start the bot (REST + socket.io on :$(RASA_PORT))"
	@echo "make test   - install, lint, unit tests, data validation, train, conversation tests, test-stock"
	@echo "make test-stock - the stories and conversation tests on stock Rasa, without the speed-ups"
	@echo "make shell  - chat in the terminal"
	@echo "make bench  - measure speed and accuracy into docs/benchmarks.md"

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 10), "Python 3.10 is needed for Rasa 3.6, found " + sys.version' \
	  || { echo "Install Python 3.10 (e.g. pyenv install 3.10.13)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==24.0
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	@# jax is left out of the lock (see its header); a venv made before that may still hold it.
	$(BIN)/python -m pip uninstall --quiet --disable-pip-version-check --yes jax jaxlib 2>/dev/null
	touch $@

train: install $(MODEL)

$(MODEL): $(TRAINING_INPUTS)
	$(BIN)/rasa train --fixed-model-name $(notdir $(MODEL:.tar.gz=)) --out $(dir $(MODEL))
	@touch $@

# The same bot with Rasa's own components instead of rasa_ext/speedups/ (docs/rasa-upgrade.md).
train-stock: install $(STOCK_MODEL)

$(STOCK_MODEL): config.stock.yml $(TRAINING_DATA)
	$(BIN)/rasa train --config config.stock.yml --fixed-model-name $(notdir $(STOCK_MODEL:.tar.gz=)) \
	  --out $(dir $(STOCK_MODEL))
	@touch $@

actions: install
	$(BIN)/rasa run actions --actions actions --port $(ACTIONS_PORT)

run: train
	@echo "Stödguiden: action server on :$(ACTIONS_PORT), Rasa on http://localhost:$(RASA_PORT)"
	@echo "Chat page: http://localhost:$(RASA_PORT)/webhooks/chat/  (ready when Rasa says 'Rasa server is up and running')"
	@echo "REST: curl -XPOST localhost:$(RASA_PORT)/webhooks/rest/webhook -d '{\"sender\":\"test\",\"message\":\"hej\"}'"
	@trap 'kill 0' EXIT; \
	$(BIN)/rasa run actions --actions actions --port $(ACTIONS_PORT) & \
	$(BIN)/python -m rasa_ext.speedups.server run --model $(MODEL) --port $(RASA_PORT) --cors "$(CORS_ORIGINS)" \
	  --credentials credentials.yml --endpoints endpoints.yml

shell: train
	@trap 'kill 0' EXIT; \
	$(BIN)/rasa run actions --actions actions --port $(ACTIONS_PORT) >/dev/null 2>&1 & \
	$(BIN)/python -m rasa_ext.speedups.server shell --model $(MODEL) --endpoints endpoints.yml

lint: install
	$(BIN)/ruff check bot actions rasa_ext tests harness bench

test-unit: install
	$(BIN)/python -m pytest -m "not model and not servers"

validate: install
	$(BIN)/rasa data validate --fail-on-warnings --max-history 5

test-model: train
	bash tests/integration/browser/install_chromium.sh
	$(BIN)/rasa test core --e2e --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/core
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu/test_nlu.yml --out results/nlu
	$(BIN)/rasa test nlu --model $(MODEL) --nlu tests/nlu/test_nlu_blind.yml --out results/nlu_blind
	bash tests/integration/install_redis.sh
	STODGUIDEN_MODEL=$(abspath $(MODEL)) $(BIN)/python -m pytest -m "model or servers"

# Every speed-up is a pure optimisation: the 42 end-to-end stories and the conversation tests
# (tests/integration/test_conversations.py and test_samtal.py, marker `servers`) on the stock model
# with plain `rasa run` and `rasa run actions`, nothing patched (docs/rasa-upgrade.md). The other
# server tests (resilience, Redis scale-out, browser) run in test-model; STOCK_TESTS may widen or
# narrow the set (e.g. STOCK_TESTS="-m servers" for every server test).
STOCK_TESTS := -m servers tests/integration/test_conversations.py tests/integration/test_samtal.py
test-stock: train-stock
	$(BIN)/rasa test core --e2e --model $(STOCK_MODEL) --stories tests/stories --fail-on-prediction-errors \
	  --out $(STOCK_RESULTS)/core
	bash tests/integration/install_redis.sh
	bash tests/integration/browser/install_chromium.sh
	STODGUIDEN_SPEEDUPS=0 STODGUIDEN_MODEL=$(abspath $(STOCK_MODEL)) $(BIN)/python -m pytest $(STOCK_TESTS)

test: lint test-unit validate test-model test-stock

bench: train
	bash tests/integration/install_redis.sh
	$(BIN)/python -m bench

lock:
	rm -rf /tmp/stodguiden-lock && $(PYTHON) -m venv /tmp/stodguiden-lock
	/tmp/stodguiden-lock/bin/pip install --quiet pip==24.0 && /tmp/stodguiden-lock/bin/pip install --quiet -r requirements.in
	{ grep '^#' requirements.lock; /tmp/stodguiden-lock/bin/pip freeze --all --exclude pip --exclude jax --exclude jaxlib; } \
	  > /tmp/stodguiden-lock/requirements.lock && mv /tmp/stodguiden-lock/requirements.lock requirements.lock

clean:
	rm -rf models .rasa results .pytest_cache .ruff_cache
