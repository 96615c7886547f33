# Two commands: `make demo` (set up + run the whole pipeline on the sample project)
# and `make test` (set up + run the tests). Everything else is optional.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SAMPLE := data/sample
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test lab bench lint clean system-deps

$(STAMP): pyproject.toml constraints.txt
	@command -v pdftoppm >/dev/null && command -v chromium >/dev/null && fc-list | grep -q NotoColorEmoji || $(MAKE) --no-print-directory system-deps
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# torch is pinned in the same pip command so pip takes the local CPU build, not CUDA;
	# constraints.txt holds every other package at the version the benches were measured with.
	$(PY) -m pip install --quiet -c constraints.txt torch==2.13.0 -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

system-deps:
	@if command -v apt-get >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  $$SUDO apt-get install -y -qq poppler-utils chromium fonts-dejavu-core fonts-noto-color-emoji >/dev/null || \
	  echo "warning: could not install poppler-utils/chromium/fonts; PDF previews and browser tests will be skipped, and emoji print as boxes"; \
	fi

demo: $(STAMP)
	$(VENV)/bin/sensemaking run $(SAMPLE)

test: $(STAMP)
	# one worker a core (at most 4: each loads the sentence model); a test file stays on one
	# worker, so its fixtures (the sample run through the pipeline) are built once
	$(PY) -m pytest -q -n auto --maxprocesses 4 --dist loadfile

bench: $(STAMP)
	$(PY) bench/run.py

lab: $(STAMP)
	# the notebooks live in git as percent scripts; build (or update) their .ipynb pairs
	$(VENV)/bin/jupytext --sync notebooks/*.py
	$(VENV)/bin/jupyter lab notebooks/

lint: $(STAMP)
	$(VENV)/bin/ruff check sensemaking tests bench notebooks

clean:
	rm -rf $(VENV) $(SAMPLE)/.sensemaking
