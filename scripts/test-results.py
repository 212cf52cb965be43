#!/usr/bin/env python3
"""Counts Swift Testing's results per test from `swift test --event-stream-output-path` JSON.

    scripts/test-results.py EVENTS.jsonl [--opted-out postgres,pywr,...]

A test is one `@Test` function (a parameterized test is one test, failed if any of its cases
fails). Each test is exactly one of:
  passed   it ended and no issue was recorded against it (known issues and warnings aside);
  failed   an issue was recorded against it, or it started and never ended (a crash);
  skipped  Swift Testing skipped it (or its suite) for a reason that names a check the person
           opted out of (`ARAL_SKIP`); a test skipped for any other reason could not run and
           counts as failed: the suite must not pass by not running.
An issue recorded outside any test fails the run as one more failed test ("(outside a test)").

Prints `passed N`, `failed N`, `skipped N`, then one `failed-test ID: WHY` line per failed
test and one `skipped-tests N Swift tests: WHY` line per skip reason, for scripts/test.sh.
Why parse the event stream and not the console: the console's closing line counts issues
(failed expectations), not tests, and says nothing about skips.
"""
import json
import sys

# What a skipped test's reason must mention for the skip to belong to an opted-out check.
SKIP_REASON_KEYWORDS = {"postgres": ["postgres"]}


def main() -> int:
    args = sys.argv[1:]
    if not args:
        print("usage: test-results.py EVENTS.jsonl [--opted-out a,b]", file=sys.stderr)
        return 2
    path = args[0]
    opted_out = set()
    if len(args) >= 3 and args[1] == "--opted-out":
        opted_out = {name for name in args[2].split(",") if name}

    functions = {}          # id -> display name
    suites = set()
    started, ended = set(), set()
    skipped = {}            # id (function or suite) -> reason
    issues = {}             # test id or None -> first message
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as error:
        print(f"failed 1\nfailed-test (swift test): no results: {error}")
        return 0
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        payload = record.get("payload", {})
        if record.get("kind") == "test":
            if payload.get("kind") == "function":
                functions[payload["id"]] = payload.get("displayName") or payload.get("name") or payload["id"]
            else:
                suites.add(payload["id"])
            continue
        if record.get("kind") != "event":
            continue
        kind = payload.get("kind")
        test = payload.get("testID")
        text = " ".join(m.get("text", "") for m in payload.get("messages", []))
        if kind == "testStarted":
            started.add(test)
        elif kind == "testEnded":
            ended.add(test)
        elif kind == "testSkipped":
            skipped[test] = text
        elif kind == "issueRecorded":
            issue = payload.get("issue", {})
            severity = issue.get("severity", issue.get("_severity", "error"))
            if issue.get("isKnown") or severity != "error":
                continue
            issues.setdefault(test, text)

    def owner(test_id):
        """The function a test or test-case id belongs to (case ids extend the function's)."""
        if test_id in functions:
            return test_id
        for f in functions:
            if test_id and test_id.startswith(f):
                return f
        return test_id

    def skip_reason(f):
        if f in skipped:
            return skipped[f]
        for s, reason in skipped.items():
            if s in suites and f.startswith(s + "/") or (s in suites and f.startswith(s + ".")):
                return reason
        return None

    passed, failed, skips = [], [], []
    failing = {}
    for test_id, message in issues.items():
        if test_id is None:
            failed.append(("(outside a test)", message))
        else:
            failing.setdefault(owner(test_id), message)
    for f in sorted(functions):
        reason = skip_reason(f)
        if f in failing:
            failed.append((f, failing[f]))
        elif reason is not None:
            allowed = any(k in reason.lower() for name in opted_out for k in SKIP_REASON_KEYWORDS.get(name, []))
            if allowed:
                skips.append((f, reason))
            else:
                failed.append((f, "skipped, and not opted out: " + reason))
        elif f in started and f not in ended:
            failed.append((f, "started and never ended (crashed?)"))
        elif f in ended:
            passed.append(f)
        else:
            failed.append((f, "never ran"))
    print(f"passed {len(passed)}")
    print(f"failed {len(failed)}")
    print(f"skipped {len(skips)}")
    for f, why in failed:
        print(f"failed-test {f}: {' '.join(why.split())[:300]}")
    reasons = {}
    for f, why in skips:
        reason = ' '.join(why.split())[:300]
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in reasons.items():
        print(f"skipped-tests {count} Swift test{'s' if count != 1 else ''}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
