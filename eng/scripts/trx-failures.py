#!/usr/bin/env python3
"""Print every failed test in the given .trx files: name, message and the top of its stack trace.

Usage: trx-failures.py [--brief] FILE.trx [FILE.trx ...]
       trx-failures.py --runs RUN_DIR [RUN_DIR ...]
Prints nothing when no test failed. --brief prints one line per failed test (its name and the first
line of its message). build.sh prints the details before the test summary and the brief list after
it, so the names of failed tests are in the last lines of a CI log, which is often all a reader gets.

--runs (build.sh test --repeat N): each RUN_DIR holds the .trx files of one run of the same tests.
Prints every test that failed in at least one run, with in how many of the runs it failed and the
first line of each distinct message, then "N runs: X tests failed at least once" as the last line.
Exit code 1 when X > 0.
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET
from collections import Counter

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MAX_MESSAGE_LINES = 12
MAX_STACK_LINES = 6
MAX_DISTINCT_MESSAGES = 5
FAILED_OUTCOMES = ("Failed", "Error", "Timeout", "Aborted")


def clip(text, limit):
    lines = (text or "").strip().splitlines()
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} more lines in the .trx file)"]
    return lines


def first_line(text, limit=160):
    lines = (text or "").strip().splitlines()
    line = lines[0].strip() if lines else "(no message)"
    return line if len(line) <= limit else line[: limit - 3] + "..."


def main(paths, brief=False):
    for path in paths:
        try:
            root = ET.parse(path).getroot()
        except (ET.ParseError, OSError) as error:
            print(f"  {path}: unreadable ({error})")
            continue
        for result in root.iterfind(".//t:UnitTestResult", NS):
            if result.get("outcome") not in FAILED_OUTCOMES:
                continue
            message = result.find("t:Output/t:ErrorInfo/t:Message", NS)
            stack = result.find("t:Output/t:ErrorInfo/t:StackTrace", NS)
            if brief:
                name = result.get("testName", "?").rsplit(".", 2)
                short = ".".join(name[-2:])
                print(f"  FAILED {short}: {first_line(message.text if message is not None else '')}")
                continue
            print(f"  FAILED {result.get('testName')} ({result.get('duration', '?')})")
            for line in clip(message.text if message is not None else "", MAX_MESSAGE_LINES):
                print(f"      {line}")
            for line in clip(stack.text if stack is not None else "", MAX_STACK_LINES):
                print(f"      {line.strip()}")


def runs(run_dirs):
    """The --runs report; returns the number of tests that failed at least once."""
    total = len(run_dirs)
    ran = Counter()  # test -> runs in which it has a result
    failed_runs = Counter()  # test -> runs in which it failed
    messages = {}  # test -> Counter of first lines of its failure messages
    for run_dir in run_dirs:
        seen, failed = set(), set()
        for path in sorted(glob.glob(os.path.join(run_dir, "*.trx"))):
            project = os.path.splitext(os.path.basename(path))[0]
            try:
                root = ET.parse(path).getroot()
            except (ET.ParseError, OSError) as error:
                print(f"  {path}: unreadable ({error})")
                continue
            for result in root.iterfind(".//t:UnitTestResult", NS):
                test = (project, result.get("testName", "?"))
                seen.add(test)
                if result.get("outcome") not in FAILED_OUTCOMES:
                    continue
                failed.add(test)
                message = result.find("t:Output/t:ErrorInfo/t:Message", NS)
                line = first_line(message.text if message is not None else "")
                messages.setdefault(test, Counter())[line] += 1
        ran.update(seen)
        failed_runs.update(failed)

    flaky = sorted(failed_runs, key=lambda t: (-failed_runs[t], t))
    if flaky:
        print(f"Tests that failed in at least one of {total} runs (details in each run's .trx files):")
    for test in flaky:
        project, name = test
        ran_note = "" if ran[test] == total else f" (it ran in {ran[test]} of them)"
        print(f"  FAILED {name} [{project}]: {failed_runs[test]} of {total} runs{ran_note}")
        distinct = messages[test].most_common()
        for line, count in distinct[:MAX_DISTINCT_MESSAGES]:
            print(f"      {count}x {line}")
        if len(distinct) > MAX_DISTINCT_MESSAGES:
            print(f"      ... and {len(distinct) - MAX_DISTINCT_MESSAGES} more distinct messages")
    print(f"{total} runs: {len(flaky)} tests failed at least once")
    return len(flaky)


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--runs"]:
        try:
            failed_at_least_once = runs(args[1:])
        except Exception as error:  # build.sh then reports the results as unreadable (exit code 2)
            print(f"  trx-failures.py: {error!r}", file=sys.stderr)
            sys.exit(2)
        sys.exit(1 if failed_at_least_once else 0)
    brief = "--brief" in args
    main([a for a in args if a != "--brief"], brief)
