#!/usr/bin/env python3
"""Times Pywr on a model written by `aral-bench ensemble` (Pywr 1.x JSON).

Usage: pywr-bench.py MODEL.json SCENARIOS [SOLVER]
SOLVER is Pywr's solver name (default: Pywr's default, the route-based "glpk"; e.g. "glpk-edge").
Sets the 'hydrology' scenario to SCENARIOS members, with inflow factors 0.8 … 1.2 (the same
factors Aral's side uses); SCENARIOS "-" keeps the file's own scenarios (any model, e.g. Pywr's
Thames example). Data files are found relative to the model's folder. Runs the model once and
prints JSON:
{"scenarios": N, "steps": T, "seconds": S, "cpu_seconds": C, "solver": "..."} — wall and CPU
seconds of model.run() only (on a loaded machine the CPU seconds are the steadier figure).
"""
import json
import os
import sys
import time

from pywr.model import Model


def factors(n):
    return [0.8 + 0.4 * k / max(1, n - 1) for k in range(n)] if n > 1 else [1.0]


def main():
    path, n = sys.argv[1], sys.argv[2]
    solver = sys.argv[3] if len(sys.argv) > 3 else None
    with open(path) as f:
        data = json.load(f)
    if n != "-":
        n = int(n)
        data["scenarios"] = [{"name": "hydrology", "size": n}]
        for p in data["parameters"].values():
            if p.get("type") == "constantscenario":
                p["values"] = factors(n)
    folder = os.path.dirname(os.path.abspath(path))
    model = Model.load(data, path=folder, solver=solver) if solver else Model.load(data, path=folder)
    model.setup()
    if n == "-":
        n = len(model.scenarios.combinations)
    start, cpu_start = time.perf_counter(), time.process_time()
    result = model.run()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    steps = len(model.timestepper)
    print(json.dumps({"scenarios": n, "steps": steps, "seconds": seconds, "cpu_seconds": cpu_seconds,
                      "solver": type(model.solver).__name__, "timesteps_run": getattr(result, "timesteps", steps)}))


if __name__ == "__main__":
    main()
