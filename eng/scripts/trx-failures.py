#!/usr/bin/env python3
"""Print every failed test in the given .trx files: name, message and the top of its stack trace.

Usage: trx-failures.py [--brief] FILE.trx [FILE.trx ...]
Prints nothing when no test failed. --brief prints one line per failed test (its name and the first
line of its message). build.sh prints the details before the test summary and the brief list after
it, so the names of failed tests are in the last lines of a CI log, which is often all a reader gets.
"""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
MAX_MESSAGE_LINES = 12
MAX_STACK_LINES = 6


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
            if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
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


if __name__ == "__main__":
    args = sys.argv[1:]
    brief = "--brief" in args
    main([a for a in args if a != "--brief"], brief)
