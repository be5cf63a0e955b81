# make run   — set up and start the app on SQLite with the demo workshop
# make test  — set up and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test mutate bench flood soak translations extract-messages browser clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Compiled catalogues (.mo) are build products, made from the .po files kept in git.
translations: $(BIN)/.installed
	$(BIN)/pybabel -q compile -d translations

run: $(BIN)/.installed translations
	$(BIN)/python app.py

browser:
	sh scripts/ensure-chromium

test: $(BIN)/.installed translations browser
	$(BIN)/pytest

# Not part of `make test`: mutation testing of the counting core (docs/testing.md), about
# 12 minutes on 2 cores. `make mutate MODULE=facilitation/kinds/poll.py` for one module.
# mutants/ is made afresh each time: mutmut would otherwise reuse the test-to-function map of
# the last run and miss what changed tests now cover.
mutate: $(BIN)/.installed translations
	rm -rf mutants
	$(BIN)/mutmut run $$($(BIN)/python scripts/mutation_report.py --names $(MODULE))
	$(BIN)/python scripts/mutation_report.py $(MODULE)

bench: $(BIN)/.installed translations
	$(BIN)/python bench/load.py

# Not a test: one participant's socket floods the server for 5 s while another phone votes.
flood: $(BIN)/.installed translations
	$(BIN)/python bench/flood.py

# Not a test: 300 phones voting for 10 minutes; prints memory and latency every minute.
soak: $(BIN)/.installed translations
	$(BIN)/python bench/soak.py

# After changing texts: extract them and merge into both catalogues, then translate da.
extract-messages: $(BIN)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg -k N_ -k _ -k pgettext:1c,2 --no-location --sort-output --omit-header -o translations/messages.pot .
	$(BIN)/pybabel -q update --no-fuzzy-matching --ignore-obsolete -i translations/messages.pot -d translations

clean:
	rm -rf $(VENV) test-artifacts
