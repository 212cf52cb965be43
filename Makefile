# Convenience targets; the scripts are what the README and CI run.
.PHONY: demo test bench deps
deps:
	bash scripts/install-deps.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
bench:
	bash scripts/install-deps.sh && swift build -c release --product aral-bench && .build/release/aral-bench
