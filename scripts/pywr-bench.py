#!/usr/bin/env python3
"""Times Pywr on a model written by `aral-bench ensemble` (Pywr 1.x JSON).

Usage: pywr-bench.py MODEL.json SCENARIOS [SOLVER]
SOLVER is Pywr's solver name (default: Pywr's default, the route-based "glpk"; e.g. "glpk-edge").
Sets the 'hydrology' scenario to SCENARIOS members, with inflow factors 0.8 … 1.2 (the same
factors Aral's side uses), runs the model once and prints JSON:
{"scenarios": N, "steps": T, "seconds": S, "solver": "..."} — seconds of model.run() only.
"""
import json
import sys
import time

from pywr.model import Model


def factors(n):
    return [0.8 + 0.4 * k / max(1, n - 1) for k in range(n)] if n > 1 else [1.0]


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    solver = sys.argv[3] if len(sys.argv) > 3 else None
    with open(path) as f:
        data = json.load(f)
    data["scenarios"] = [{"name": "hydrology", "size": n}]
    for p in data["parameters"].values():
        if p.get("type") == "constantscenario":
            p["values"] = factors(n)
    model = Model.load(data, solver=solver) if solver else Model.load(data)
    model.setup()
    start = time.perf_counter()
    result = model.run()
    seconds = time.perf_counter() - start
    steps = len(model.timestepper)
    print(json.dumps({"scenarios": n, "steps": steps, "seconds": seconds,
                      "solver": type(model.solver).__name__, "timesteps_run": getattr(result, "timesteps", steps)}))


if __name__ == "__main__":
    main()
