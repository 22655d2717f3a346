#!/usr/bin/env python3
"""Checks that scripts/gen_config.py rejects every kind of malformed configuration file with a
clear message and accepts the real one. Run by CTest as common:gen_config."""
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.path.join(HERE, "..", "..", "scripts", "gen_config.py")
REAL = os.path.join(HERE, "..", "..", "config", "configs.json")


def run(data, *args):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "c.json")
        with open(path, "w", encoding="ascii") as f:
            f.write(data if isinstance(data, str) else json.dumps(data))
        out = os.path.join(tmp, "out")
        return subprocess.run([sys.executable, GEN, "--file", path, *args, "--out", out],
                              capture_output=True, text=True, check=False)


def main():
    with open(REAL, encoding="ascii") as f:
        good = json.load(f)
    failures = []

    def expect_error(name, data, message, *args):
        r = run(data, *(args or ("--config", "tiny")))
        if r.returncode == 0 or message not in r.stderr:
            failures.append(f"{name}: rc={r.returncode}, stderr={r.stderr.strip()!r}")

    def mutated(fn):
        d = copy.deepcopy(good)
        fn(d)
        return d

    expect_error("missing parameter", mutated(lambda d: d["configs"]["tiny"].pop("NumCols")),
                 "configuration 'tiny' misses parameter(s): NumCols")
    expect_error("unknown parameter", mutated(lambda d: d["configs"]["small"].update(Foo=1)),
                 "configuration 'small' names unknown parameter(s): Foo")
    expect_error("not positive", mutated(lambda d: d["configs"]["trn"].update(NumRows=0)),
                 "NumRows must be a positive integer")
    expect_error("not an integer", mutated(lambda d: d["configs"]["trn"].update(NumRows="8")),
                 "NumRows must be a positive integer")
    expect_error("not a power of two", mutated(lambda d: d["configs"]["tiny"].update(NumCols=6)),
                 "NumCols must be a power of two")
    expect_error("psum bytes", mutated(lambda d: d["configs"]["tiny"].update(PsumBankBytes=250)),
                 "PsumBankBytes must be a multiple of 4")
    expect_error("bad default", mutated(lambda d: d.update(default="huge")),
                 "'default' must name one of the configurations")
    expect_error("not json", "{ nope", "cannot read")
    expect_error("unknown name", good, "unknown configuration 'huge'", "--config", "huge")

    r = run(good, "--config", "small")
    if r.returncode != 0:
        failures.append(f"the real file was rejected: {r.stderr.strip()}")

    for f in failures:
        print("FAIL:", f)
    print(f"{10 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
