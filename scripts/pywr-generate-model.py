#!/usr/bin/env python3
"""Writes a large Pywr 1.x model for benchmarks: a river tree of reservoirs, daily, with one
scenario dimension of inflow factors (issue 18).

Usage: pywr-generate-model.py OUT_DIR [--shape tree|cascade] [--reservoirs 10]
                              [--catchments-per-reservoir 2] [--demands-per-reservoir 3]
                              [--transfers 3] [--years 30] [--scenarios 100] [--seed 1]

Writes OUT_DIR/model.json and OUT_DIR/inflows.csv (one column per catchment, a row per day).
The shape follows Pywr's own benchmark generator (benchmarks/random_network.py: zones joined
by random transfers), made a river basin: reservoir i (i > 0) releases through its river link
into its parent, reservoir 0 into the sea. The parent is reservoir (i - 1) // 2 with
`--shape tree` (the default: a wide binary tree, many short branches) and reservoir i - 1 with
`--shape cascade` (one long chain: every reservoir's release passes every one below it).
Each reservoir has its catchments, its demands (drawn from its river link) and a few transfer
links join river links of different branches. With the defaults: 20 catchments + 10 reservoirs + 10 river links + 30 demands +
1 sea + 3 transfers = 74 nodes; `--shape cascade --reservoirs 20 --transfers 5` has 146.

Every cost is distinct (demands −500 − 7.3·k, storages −1 − 0.37·i, river links 0.01·(i+1),
transfers 0.5 + 0.11·k), so each step's LP has one optimum and both tools report the same
flows. The inflow scenario `hydrology` multiplies every catchment's daily flow by a factor;
member k of n has 0.8 + 0.4·k/(n − 1) (1.0 for n = 1), as scripts/pywr-bench.py sets it.
Only the standard library: the file is the same on every machine for the same arguments.
"""
import argparse
import datetime
import json
import math
import os
import random


def factors(n):
    return [0.8 + 0.4 * k / max(1, n - 1) for k in range(n)] if n > 1 else [1.0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--shape", choices=["tree", "cascade"], default="tree")
    ap.add_argument("--reservoirs", type=int, default=10)
    ap.add_argument("--catchments-per-reservoir", type=int, default=2)
    ap.add_argument("--demands-per-reservoir", type=int, default=3)
    ap.add_argument("--transfers", type=int, default=3)
    ap.add_argument("--years", type=int, default=30)
    ap.add_argument("--scenarios", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)

    def parent(i):
        return (i - 1) // 2 if a.shape == "tree" else i - 1
    os.makedirs(a.out_dir, exist_ok=True)

    start = datetime.date(1990, 1, 1)
    end = datetime.date(1990 + a.years, 1, 1) - datetime.timedelta(days=1)
    days = (end - start).days + 1

    nodes, edges, parameters, recorders = [], [], {}, {}
    parameters["inflow_factor"] = {"type": "constantscenario", "scenario": "hydrology",
                                   "values": factors(a.scenarios)}
    catchments = []
    demand_index = 0
    for i in range(a.reservoirs):
        res, river = f"reservoir{i}", f"river{i}"
        capacity = round(rng.uniform(2000, 8000), 1)
        nodes.append({"name": res, "type": "storage", "max_volume": capacity,
                      "initial_volume_pc": round(rng.uniform(0.3, 0.9), 3), "cost": round(-1 - 0.37 * i, 4)})
        recorders[f"{res}_min_volume"] = {"type": "minimumvolumestorage", "node": res}
        # Unbounded, so a full reservoir always spills (catchment flows are fixed).
        nodes.append({"name": river, "type": "link", "cost": round(0.01 * (i + 1), 4)})
        edges.append([res, river])
        edges.append([river, f"reservoir{parent(i)}" if i > 0 else "sea"])
        for c in range(a.catchments_per_reservoir):
            name = f"catchment{i}_{c}"
            catchments.append(name)
            parameters[f"{name}_flow"] = {"type": "aggregated", "agg_func": "product", "parameters": [
                {"type": "dataframe", "url": "inflows.csv", "column": name, "index_col": 0, "parse_dates": True},
                "inflow_factor"]}
            nodes.append({"name": name, "type": "catchment", "flow": f"{name}_flow"})
            edges.append([name, res])
        for d in range(a.demands_per_reservoir):
            name = f"demand{i}_{d}"
            nodes.append({"name": name, "type": "output", "max_flow": round(rng.uniform(5, 25), 2),
                          "cost": round(-500 - 7.3 * demand_index, 4)})
            edges.append([river, name])
            recorders[f"{name}_deficit"] = {"type": "totaldeficitnode", "node": name}
            demand_index += 1
    nodes.append({"name": "sea", "type": "output"})
    recorders["sea_mean_flow"] = {"type": "meanflownode", "node": "sea"}
    pairs = set()
    while len(pairs) < min(a.transfers, a.reservoirs * (a.reservoirs - 1) // 2 - (a.reservoirs - 1)):
        i, j = rng.sample(range(a.reservoirs), 2)
        if (i > 0 and parent(i) == j) or (j > 0 and parent(j) == i) or (i, j) in pairs:
            continue  # adjacent on the river already
        pairs.add((i, j))
    for k, (i, j) in enumerate(sorted(pairs)):
        name = f"transfer{i}_{j}"
        nodes.append({"name": name, "type": "link", "cost": round(0.5 + 0.11 * k, 4), "max_flow": round(rng.uniform(5, 20), 1)})
        edges.append([f"river{i}", name])
        edges.append([name, f"reservoir{j}"])

    # Daily inflows: a seasonal cycle with a per-catchment phase, lag-1 noise, never negative.
    with open(os.path.join(a.out_dir, "inflows.csv"), "w") as f:
        f.write("date," + ",".join(catchments) + "\n")
        means = [rng.uniform(5, 40) for _ in catchments]
        phases = [rng.uniform(0, 2 * math.pi) for _ in catchments]
        noise = [0.0] * len(catchments)
        for t in range(days):
            date = start + datetime.timedelta(days=t)
            row = []
            for c in range(len(catchments)):
                noise[c] = 0.9 * noise[c] + rng.gauss(0, 0.15)
                season = 1 + 0.8 * math.sin(2 * math.pi * t / 365.25 + phases[c])
                row.append(f"{max(0.0, means[c] * season * math.exp(noise[c])):.4f}")
            f.write(date.isoformat() + "," + ",".join(row) + "\n")

    model = {"metadata": {"title": f"generated {a.shape} basin ({len(nodes)} nodes)", "minimum_version": "0.1"},
             "timestepper": {"start": start.isoformat(), "end": end.isoformat(), "timestep": 1},
             "scenarios": [{"name": "hydrology", "size": a.scenarios}],
             "nodes": nodes, "edges": edges, "parameters": parameters, "recorders": recorders}
    with open(os.path.join(a.out_dir, "model.json"), "w") as f:
        json.dump(model, f, indent=1)
    print(f"{len(nodes)} nodes, {days} daily steps, {a.scenarios} scenarios: {a.out_dir}/model.json")


if __name__ == "__main__":
    main()
