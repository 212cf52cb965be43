#!/usr/bin/env python3
"""Cross-validate Aral against Pywr on Pywr's own test models.

For each model: run it with Pywr (recording every top-level node's flow and every storage's
volume, and each node's cost per step), run it with `aral run --format pywr --csv`, and
compare every flow and volume at every step. A model passes when every value agrees to
1e-6 × max(1, |value|); where the values differ but the per-step objective (Σ cost × flow
with Pywr's own costs) agrees, the LP has several optima and the model is reported as
`alt-optimum`, which counts as a pass but is never hidden. Prints a table and exits non-zero
when a model on the agreeing list does not agree (see below).

Every scenario combination Pywr runs is compared (`aral run --ensemble` runs them all, in
Pywr's order); the objective check for alternative optima uses the first combination.
Pywr's time covers loading and running all its combinations, Aral's the wall time of
`aral run` for the same combinations.

The gate is a list (`--agreeing`, scripts/pywr-agreeing-models.txt): the run fails when any
listed model no longer agrees, is missing from Pywr's models, or cannot be run, so no model
that agrees today can regress unnoticed. A model that agrees but is not listed is reported
so it can be added.
"""
import argparse
import csv
import glob
import json
import math
import os
import subprocess
import sys
import time
import traceback
import warnings

TOLERANCE = 1e-6
# Recorders (and the result files) agree to 1e-9 relative: |Δ| ≤ 1e-9 × max(1, |value|).
RECORDER_TOLERANCE = 1e-9

warnings.filterwarnings("ignore")


def run_pywr(path):
    """Returns (steps, dates, [{node: {'flow': [...], 'volume': [...]}} per combination],
    {node: [cost...]}, compound, seconds)."""
    from pywr.model import Model
    from pywr.nodes import Storage, VirtualStorage, AggregatedNode
    from pywr.recorders import NumpyArrayNodeRecorder, NumpyArrayStorageRecorder, Recorder

    class CostRecorder(Recorder):
        """Each top-level node's cost at every step (first scenario combination)."""

        def __init__(self, model, nodes):
            super().__init__(model)
            self.nodes_ = nodes
            self.costs = {n.name: [] for n in nodes}

        def after(self):
            si = self.model.scenarios.combinations[0]
            for n in self.nodes_:
                try:
                    self.costs[n.name].append(float(n.get_cost(si)))
                except Exception:
                    self.costs[n.name].append(float("nan"))

    started = time.perf_counter()
    cwd = os.getcwd()
    os.chdir(os.path.dirname(os.path.abspath(path)))
    try:
        model = Model.load(os.path.basename(path))
        # The nodes the file declares (Pywr adds internal ones, e.g. "X Aggregated").
        with open(os.path.basename(path)) as f:
            declared = {n["name"] for n in json.load(f).get("nodes", [])}
        top = [n for n in model.nodes if n.name in declared]
        flow_rec, vol_rec = {}, {}
        simple = []
        for n in top:
            flow_rec[n.name] = NumpyArrayNodeRecorder(model, n, name=f"__aral_flow_{n.name}")
            if isinstance(n, (Storage, VirtualStorage)):
                vol_rec[n.name] = NumpyArrayStorageRecorder(model, n, name=f"__aral_volume_{n.name}")
            if type(n).__name__.lower() in ("input", "output", "link", "catchment", "river", "storage", "reservoir"):
                simple.append(n)
        cost_rec = CostRecorder(model, simple)
        model.run()
        # In the model's folder: result files are relative to it.
        recorders = pywr_recorders(model, os.path.basename(path), len(model.timestepper))
    finally:
        os.chdir(cwd)
    seconds = time.perf_counter() - started
    dates = [p.start_time.strftime("%Y-%m-%d") if hasattr(p, "start_time") else str(p)[:10] for p in model.timestepper.datetime_index]
    ncomb = len(model.scenarios.combinations)
    results = [{} for _ in range(ncomb)]
    for name, rec in flow_rec.items():
        for j in range(ncomb):
            results[j].setdefault(name, {})["flow"] = [float(x) for x in rec.data[:, j]]
    for name, rec in vol_rec.items():
        for j in range(ncomb):
            results[j].setdefault(name, {})["volume"] = [float(x) for x in rec.data[:, j]]
    compound = [n.name for n in top if n not in simple and type(n).__name__ != "AggregatedNode"
                and "VirtualStorage" not in type(n).__name__]
    return len(dates), dates, results, cost_rec.costs, compound, seconds, recorders


def pywr_recorders(model, path, steps):
    """Every recorder the file declares, as Pywr computed it: `values()` per scenario
    combination, `aggregated_value()`, the per-step `data` of array recorders, and the rows
    of the files CSV recorders wrote. A recorder whose values() Pywr does not define (file
    recorders) has values None."""
    import numpy as np
    from pywr.recorders import CSVRecorder, TablesRecorder
    with open(path) as f:
        declared = list((json.load(f).get("recorders") or {}).keys())
    by_name = {r.name: r for r in model.recorders}
    out = {}
    for name in declared:
        rec = by_name.get(name)
        if rec is None:
            continue
        entry = {"type": type(rec).__name__}
        if isinstance(rec, CSVRecorder):
            with open(rec.csvfile, newline="") as f:
                entry["csv"] = list(csv.reader(f))
            entry["file"] = os.path.abspath(rec.csvfile)
        elif isinstance(rec, TablesRecorder):
            entry["file"] = os.path.abspath(rec.h5file)
            entry["h5"] = read_h5(entry["file"])
        else:
            try:
                entry["values"] = [float(x) for x in np.asarray(rec.values())]
                entry["aggregated"] = float(rec.aggregated_value())
            except NotImplementedError:
                pass
            data = getattr(rec, "data", None)
            if data is not None:
                data = np.asarray(data, dtype=np.float64)
                if data.ndim == 2 and data.shape[0] == steps:
                    entry["data"] = [[float(x) for x in data[:, j]] for j in range(data.shape[1])]
        out[name] = entry
    return out


def run_pywr_isolated(path, out_json):
    """Runs one model with Pywr in a child process: a GLPK error in one model can leave
    GLPK unusable for the rest of a process."""
    proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--pywr-one", path, out_json],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [l for l in (proc.stderr or proc.stdout).strip().splitlines() if l.strip()]
        raise RuntimeError(lines[-1] if lines else f"exit {proc.returncode}")
    with open(out_json) as f:
        d = json.load(f)
    return d["steps"], d["dates"], d["results"], d["costs"], d["compound"], d["seconds"], d["recorders"]


def run_aral(aral, path, out_csv, ncomb):
    """Returns (([{node: {attr: [...]}} per combination], {recorder: summary line}), seconds, error)."""
    started = time.perf_counter()
    command = [aral, "run", path, "--format", "pywr", "--csv", out_csv, "--json"]
    if ncomb > 1:
        command.append("--ensemble")
    proc = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        message = (proc.stderr or proc.stdout).strip().splitlines()
        return None, seconds, " ".join(message[:3])[:300]
    try:
        summary = json.loads(proc.stdout)
    except ValueError as e:
        return None, seconds, f"aral --json printed no JSON summary: {e}"
    results = [{} for _ in range(ncomb)]
    recorders = {r["name"]: r for r in summary.get("recorders", [])}
    with open(out_csv, newline="") as f:
        for row in csv.DictReader(f):
            j = int(row.get("scenario") or 0)
            if j >= ncomb:
                return None, seconds, f"aral wrote scenario combination {j}; Pywr runs {ncomb}"
            series = results[j].setdefault(row["node"], {}).setdefault(row["attribute"], [])
            series.append(float(row["value"]))
    return (results, recorders), seconds, None


def close(a, b):
    return abs(a - b) <= TOLERANCE * max(1.0, abs(a), abs(b))


def objective(costs, flows, step):
    total = 0.0
    for name, series in costs.items():
        c = series[step]
        f = flows.get(name, {}).get("flow")
        if f is None or math.isnan(c):
            continue
        total += c * f[step]
    return total


def number(x):
    """A JSON number, or Aral's "NaN"/"Infinity" strings."""
    return float(x)


def rclose(a, b):
    if math.isnan(a) and math.isnan(b):
        return True
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= RECORDER_TOLERANCE * max(1.0, abs(a), abs(b))


def compare_recorders(pywr, aral, ncomb):
    """Every recorder Pywr computes against Aral's: values() per combination, the
    aggregated value, each array recorder's data, and CSV recorder files row by row.
    Returns (agreeing, total, worst relative difference, first disagreement)."""
    agree, total, worst, first = 0, 0, 0.0, ""

    def diff(a, b):
        if math.isnan(a) and math.isnan(b):
            return 0.0
        if math.isinf(a) or math.isinf(b):
            return 0.0 if a == b else math.inf
        return abs(a - b) / max(1.0, abs(a), abs(b))

    for name, p in pywr.items():
        if "csv" in p or "h5" in p:
            total += 1
            problem = compare_csv_file(name, p) if "csv" in p else compare_h5_file(name, p)
            if problem:
                first = first or problem
            else:
                agree += 1
            continue
        # A recorder without values() (Pywr's index-parameter array recorder) is compared
        # on its per-step data alone.
        if "values" not in p and "data" not in p:
            continue
        total += 1
        a = aral.get(name)
        if a is None:
            first = first or f"recorder {name} ({p['type']}) not computed by Aral"
            continue
        problem = ""
        if "values" in p:
            values = [number(v) for v in (a.get("values") or [])]
            if len(values) != len(p["values"]):
                problem = f"recorder {name}: {len(values)} values vs Pywr's {len(p['values'])}"
            else:
                for j, (x, y) in enumerate(zip(p["values"], values)):
                    worst = max(worst, diff(x, y))
                    if not rclose(x, y):
                        problem = problem or f"recorder {name} combination {j}: pywr {x:.10g} aral {y:.10g}"
            worst = max(worst, diff(p["aggregated"], number(a["value"])))
            if not rclose(p["aggregated"], number(a["value"])):
                problem = problem or f"recorder {name} aggregated: pywr {p['aggregated']:.10g} aral {number(a['value']):.10g}"
        elif a.get("data") is None:
            problem = f"recorder {name}: Aral gives no per-step data"
        if "data" in p and a.get("data") is not None:
            if len(a["data"]) != len(p["data"]):
                problem = problem or f"recorder {name}: data for {len(a['data'])} combinations vs Pywr's {len(p['data'])}"
            for j, (xs, ys) in enumerate(zip(p["data"], a["data"])):
                if len(xs) != len(ys):
                    problem = problem or f"recorder {name} data combination {j}: {len(ys)} steps vs {len(xs)}"
                    continue
                for t, (x, y) in enumerate(zip(xs, (number(v) for v in ys))):
                    worst = max(worst, diff(x, y))
                    if not rclose(x, y):
                        problem = problem or f"recorder {name} data[{t}, {j}]: pywr {x:.10g} aral {y:.10g}"
                        break
        if problem:
            first = first or problem
        else:
            agree += 1
    return agree, total, worst, first


def read_h5(path):
    """A PyTables file as the cross-validation compares it: per array its shape, PYWR_*
    attributes and values; per table its column names and rows; the root's attributes."""
    import tables
    import numpy as np
    out = {"arrays": {}, "tables": {}, "root": {}}
    with tables.open_file(path) as f:
        for k in f.root._v_attrs._v_attrnames:
            if k not in ("FILTERS",):
                out["root"][k] = str(f.root._v_attrs[k])
        for node in f.walk_nodes("/"):
            if isinstance(node, tables.Table):
                out["tables"][node._v_pathname] = {"columns": list(node.colnames),
                                                   "rows": [[str(x) for x in row] for row in node.read().tolist()]}
            elif isinstance(node, tables.Array):
                attrs = {k: str(node._v_attrs[k]) for k in ("PYWR_ATTRIBUTE", "PYWR_TYPE") if k in node._v_attrs._v_attrnames}
                data = np.asarray(node.read(), dtype=np.float64)
                out["arrays"][node._v_pathname] = {"shape": list(data.shape), "attrs": attrs, "dtype": str(node.dtype),
                                                   "values": [float(x) for x in data.ravel()]}
    return out


def compare_h5_file(name, p):
    """Aral's TablesRecorder file, opened with PyTables, against Pywr's: the same arrays
    (shape, dtype, PYWR_ATTRIBUTE, values to the recorder tolerance), the same tables and
    rows, the same root attributes (PYWR_FORMAT, PYWR_VERSION, TITLE, metadata). PYWR_TYPE
    is reported when it differs but does not fail the model (Aral names Pywr's class from
    the file's type). Returns a problem or ''."""
    try:
        got = read_h5(p["file"])
    except Exception as e:  # noqa: BLE001 - any failure to open is the finding
        return f"recorder {name}: PyTables cannot read Aral's file: {e}"
    want = p["h5"]
    if sorted(got["arrays"]) != sorted(want["arrays"]):
        return f"recorder {name}: arrays {sorted(got['arrays'])} vs Pywr's {sorted(want['arrays'])}"
    for path, w in want["arrays"].items():
        g = got["arrays"][path]
        if g["shape"] != w["shape"] or g["dtype"] != w["dtype"] or g["attrs"].get("PYWR_ATTRIBUTE") != w["attrs"].get("PYWR_ATTRIBUTE"):
            return f"recorder {name} {path}: {g['shape']} {g['dtype']} {g['attrs']} vs Pywr's {w['shape']} {w['dtype']} {w['attrs']}"
        for i, (x, y) in enumerate(zip(w["values"], g["values"])):
            if not rclose(x, y):
                return f"recorder {name} {path}[{i}]: {y} vs Pywr's {x}"
    for path, w in want["tables"].items():
        g = got["tables"].get(path)
        if g != w:
            return f"recorder {name} table {path}: {str(g)[:120]} vs Pywr's {str(w)[:120]}"
    for k, v in want["root"].items():
        if got["root"].get(k) != v:
            return f"recorder {name} root attribute {k}: {got['root'].get(k)} vs Pywr's {v}"
    return ""


def compare_csv_file(name, p):
    """Aral's file for a CSVRecorder against the rows Pywr wrote: same header and dates,
    every value within the recorder tolerance. Returns a problem or ''."""
    try:
        with open(p["file"], newline="") as f:
            rows = list(csv.reader(f))
    except OSError as e:
        return f"recorder {name}: Aral wrote no file ({e})"
    expected = p["csv"]
    if len(rows) != len(expected) or rows[:1] != expected[:1]:
        return f"recorder {name}: {len(rows)} rows / header {rows[:1]} vs Pywr's {len(expected)} / {expected[:1]}"
    for i, (a, b) in enumerate(zip(expected[1:], rows[1:])):
        if len(a) != len(b) or a[0] != b[0]:
            return f"recorder {name} row {i + 1}: {b[:2]} vs Pywr's {a[:2]}"
        for x, y in zip(a[1:], b[1:]):
            if not rclose(float(x), float(y)):
                return f"recorder {name} row {i + 1}: {y} vs Pywr's {x}"
    return ""


def compare(pywr, aral, costs, compound, steps):
    """Returns (max relative difference, status, note)."""
    worst, worst_where = 0.0, ""
    missing = []
    for name, attrs in pywr.items():
        for attr, expected in attrs.items():
            got = aral.get(name, {}).get(attr)
            if got is None:
                missing.append(f"{name}.{attr}")
                continue
            if len(got) != len(expected):
                return float("inf"), "FAIL", f"{name}.{attr}: {len(got)} steps vs {len(expected)}"
            for i, (a, b) in enumerate(zip(expected, got)):
                if math.isnan(a) and math.isnan(b):
                    continue
                d = abs(a - b) / max(1.0, abs(a))
                if d > worst or math.isnan(d):
                    worst, worst_where = d, f"{name}.{attr} step {i}: pywr {a:.6g} aral {b:.6g}"
    if missing:
        return worst, "FAIL", "missing in Aral: " + ", ".join(missing[:4])
    if worst <= TOLERANCE:
        return worst, "pass", ""
    # Several optima? Compare the objective with Pywr's costs, step by step.
    if costs and not any(c in costs for c in compound) and not compound:
        same = all(close(objective(costs, pywr, t), objective(costs, aral, t)) for t in range(steps))
        if same:
            return worst, "alt-optimum", "flows differ, objective equal at every step: " + worst_where
    return worst, "FAIL", worst_where


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--pywr-one":
        steps, dates, results, costs, compound, seconds, recorders = run_pywr(sys.argv[2])
        with open(sys.argv[3], "w") as f:
            json.dump({"steps": steps, "dates": dates, "results": results, "costs": costs,
                       "compound": compound, "seconds": seconds, "recorders": recorders}, f)
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("--models-dir", required=True)
    ap.add_argument("--aral", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--agreeing", required=True, help="file listing the models that must agree")
    ap.add_argument("--examples-dir", help="Pywr's examples folder (models named examples/…)")
    ap.add_argument("--fixtures-dir", help="Aral's own Pywr models (models named aral/…): Pywr types its tests do not use")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown (for docs/pywr.md)")
    ap.add_argument("models", nargs="*")
    args = ap.parse_args()
    agreeing = read_list(args.agreeing)
    available = sorted(os.path.basename(p) for p in glob.glob(os.path.join(args.models_dir, "*.json")))
    if args.examples_dir:
        available += sorted("examples/" + os.path.relpath(p, args.examples_dir)
                            for p in glob.glob(os.path.join(args.examples_dir, "**", "*.json"), recursive=True))
    if args.fixtures_dir:
        available += sorted("aral/" + os.path.basename(p) for p in glob.glob(os.path.join(args.fixtures_dir, "*.json")))
    models = args.models or available
    rows, passed = [], 0
    for m in models:
        path = model_path(m, args.models_dir, args.examples_dir, args.fixtures_dir)
        work_name = m.replace("/", "_")
        try:
            steps, dates, pywr, costs, compound, pywr_s, pywr_recs = run_pywr_isolated(path, os.path.join(args.work, work_name + ".pywr.json"))
        except Exception as e:  # noqa: BLE001 - a model Pywr cannot run is reported, not fatal
            rows.append((m, "-", "-", "-", "-", "pywr-error", "-", "-", "-", str(e)[:160]))
            continue
        out_csv = os.path.join(args.work, work_name.replace(".json", ".csv"))
        ncomb = len(pywr)
        outcome, aral_s, error = run_aral(args.aral, path, out_csv, ncomb)
        label = f"{steps}×{ncomb}" if ncomb > 1 else steps
        if outcome is None:
            rows.append((m, label, "-", "-", "-", "FAIL", f"{pywr_s:.3f}", f"{aral_s:.3f}", "-", "aral: " + (error or "")))
            continue
        aral, aral_recs = outcome
        # Every combination must agree; the first decides an alternative optimum.
        worst, status, note = compare(pywr[0], aral[0], costs, compound, steps)
        for j in range(1, ncomb):
            w, st, nt = compare(pywr[j], aral[j], {}, compound, steps)
            worst = max(worst, w)
            if st == "FAIL" and status != "FAIL":
                status, note = "FAIL", f"scenario combination {j}: {nt}"
        agree, total, rec_worst, rec_note = compare_recorders(pywr_recs, aral_recs, ncomb)
        if agree < total and status != "FAIL":
            status, note = "FAIL", rec_note
        if status != "FAIL":
            passed += 1
        ratio = pywr_s / aral_s if aral_s > 0 else float("inf")
        rows.append((m, label, f"{worst:.1e}", f"{agree}/{total}", f"{rec_worst:.1e}" if total else "-", status,
                     f"{pywr_s:.3f}", f"{aral_s:.3f}", f"{ratio:.1f}x", note))
    header = ("model", "steps×combinations", "max diff", "recorders", "recorder diff", "result", "pywr s", "aral s", "pywr/aral", "note")
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in rows:
            print("| " + " | ".join(str(x) for x in r) + " |")
    else:
        widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(9)]
        line = lambda r: "  ".join(str(r[i]).ljust(widths[i]) for i in range(9)) + ("  " + r[9] if r[9] else "")
        print(line(header))
        for r in rows:
            print(line(r))
    # Worded so CI does not mistake it for a test runner's "N passed, N failed" line.
    print(f"pywr-crossval: {passed} of {len(rows)} models agree with Pywr")
    return gate(rows, models, available, agreeing, args.agreeing)


def model_path(name, models_dir, examples_dir, fixtures_dir=None):
    """Pywr's test models by file name; its examples as examples/…; Aral's fixtures as aral/…"""
    if name.startswith("examples/") and examples_dir:
        return os.path.join(examples_dir, name[len("examples/"):])
    if name.startswith("aral/") and fixtures_dir:
        return os.path.join(fixtures_dir, name[len("aral/"):])
    return os.path.join(models_dir, name)


def read_list(path):
    """The model names of a list file: one per line, `#` comments and blank lines ignored."""
    names = []
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.append(line)
    return names


def gate(rows, models, available, agreeing, list_path):
    """0 when every listed model that was run still agrees (all of them on a full run);
    1 otherwise, naming each model that regressed or is missing."""
    status = {r[0]: r[5] for r in rows}
    ok = ("pass", "alt-optimum")
    regressed = [m for m in agreeing if m in status and status[m] not in ok]
    missing = [m for m in agreeing if m not in available]
    new = [m for m in models if status.get(m) in ok and m not in agreeing]
    for m in new:
        print(f"pywr-crossval: {m} agrees but is not in {os.path.basename(list_path)}: add it")
    for m in missing:
        print(f"pywr-crossval: {m} is on the agreeing list but not among Pywr's models", file=sys.stderr)
    for m in regressed:
        print(f"pywr-crossval: {m} is on the agreeing list but now {status[m]}", file=sys.stderr)
    checked = sum(1 for m in agreeing if m in status)
    if regressed or missing:
        print(f"pywr-crossval: gate failed: {len(regressed)} listed model(s) regressed, {len(missing)} missing", file=sys.stderr)
        return 1
    print(f"pywr-crossval: gate passed: all {checked} listed model(s) that were run still agree")
    return 0

if __name__ == "__main__":
    sys.exit(main())
