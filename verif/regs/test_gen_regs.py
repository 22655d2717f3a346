#!/usr/bin/env python3
"""Tests of scripts/gen_regs.py: the real description generates, the committed
docs/registers.md is up to date (and --check notices when it is not), and each kind of malformed
description is rejected with exit status 1, a message naming the problem, and nothing written.

usage: test_gen_regs.py   (CTest runs it as common:gen_regs)
"""
import copy
import json
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
GEN = os.path.join(ROOT, "scripts", "gen_regs.py")
DESCRIPTION = os.path.join(ROOT, "rtl", "regs", "tessel_regs.json")
DOC = os.path.join(ROOT, "docs", "registers.md")
OUTPUTS = ("tessel_reg_pkg.sv", "tessel_reg_file.sv", "tessel_regs.h", "tessel_regs_ports.h")


def run(*args):
    return subprocess.run([sys.executable, GEN, *args], capture_output=True, text=True,
                          check=False)


def load():
    with open(DESCRIPTION, encoding="utf-8") as f:
        return json.load(f)


def reg(desc, name):
    return next(r for r in desc["registers"] if r["name"] == name)


# Each case: (what is wrong, how to break the description, a phrase the error must contain).
def _overlap_offset(d):
    reg(d, "SCRATCH")["offset"] = "0x004"


def _overlap_array(d):
    reg(d, "SEM")["count"] = 65  # 0x100 + 65 * 4 runs into PERF_CYCLES at 0x200


def _overlap_fields(d):
    reg(d, "VERSION")["fields"][1]["bits"] = "31:8"


def _bad_access(d):
    reg(d, "SCRATCH")["fields"][0]["access"] = "rwx"


def _reset_too_wide(d):
    reg(d, "VERSION")["fields"][0]["reset"] = "0x10000"


def _duplicate_register(d):
    reg(d, "SCRATCH")["name"] = "VERSION"


def _duplicate_field(d):
    reg(d, "VERSION")["fields"][1]["name"] = "minor"


def _expanded_name_clash(d):
    extra = copy.deepcopy(reg(d, "SCRATCH"))
    extra.update(name="SEM_3", offset="0x3f0")
    d["registers"].append(extra)


def _unknown_parameter(d):
    reg(d, "CONFIG_ARRAY")["fields"][0]["reset"] = "NumRowz"


def _parameter_too_wide(d):
    reg(d, "CONFIG_PSUM")["fields"][0]["bits"] = "1:0"  # PsumBanks = 8 needs 4 bits


def _unknown_key(d):
    reg(d, "SCRATCH")["ofset"] = "0x008"


def _misaligned(d):
    reg(d, "SCRATCH")["offset"] = "0x00a"


def _outside_window(d):
    reg(d, "SCRATCH")["offset"] = "0x1000"


def _pulse_in_64bit(d):
    reg(d, "STREAM_BASE")["fields"][0]["access"] = "pulse"


def _partial_64bit_rw(d):
    reg(d, "STREAM_BASE")["fields"][0]["bits"] = "47:0"


def _field_outside(d):
    reg(d, "SCRATCH")["fields"][0]["bits"] = "32:0"


BROKEN = [
    ("overlapping offsets", _overlap_offset, "overlaps VERSION"),
    ("an array running into the next register", _overlap_array,
     "PERF_CYCLES_LO at offset 0x200 overlaps SEM_64"),
    ("overlapping fields", _overlap_fields, "overlaps field minor"),
    ("a bad access type", _bad_access, "bad access type 'rwx'"),
    ("a reset value wider than its field", _reset_too_wide, "wider than the field"),
    ("a duplicate register name", _duplicate_register, "duplicate register name"),
    ("a duplicate field name", _duplicate_field, "duplicate field name 'minor'"),
    ("a register named like an array element", _expanded_name_clash, "SEM_3"),
    ("an unknown configuration parameter", _unknown_parameter, "'NumRowz'"),
    ("a parameter too wide for its field", _parameter_too_wide, "does not fit in 2 bits"),
    ("an unknown key", _unknown_key, "unknown key 'ofset'"),
    ("a misaligned offset", _misaligned, "not 4-byte aligned"),
    ("an offset outside the window", _outside_window, "beyond the 4096-byte address space"),
    ("a pulse in a 64-bit register", _pulse_in_64bit, "not allowed in a 64-bit register"),
    ("a writable 64-bit register with a gap", _partial_64bit_rw, "must cover all 64 bits"),
    ("a field outside its register", _field_outside, "outside the 32-bit register"),
]


class GenRegsTest(unittest.TestCase):
    def test_description_generates_everything(self):
        with tempfile.TemporaryDirectory() as out:
            r = run("--out", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            for name in OUTPUTS:
                self.assertTrue(os.path.getsize(os.path.join(out, name)) > 0, name)

    def test_committed_doc_is_current(self):
        r = run("--check", DOC)
        self.assertEqual(r.returncode, 0, "docs/registers.md is stale:\n" + r.stderr)

    def test_check_notices_a_stale_doc(self):
        with open(DOC, encoding="ascii") as f:
            text = f.read()
        with tempfile.TemporaryDirectory() as tmp:
            stale = os.path.join(tmp, "registers.md")
            with open(stale, "w", encoding="ascii") as f:
                f.write(text.replace("| SCRATCH", "| SCRATCHPAD", 1).replace("0x008", "0x00c", 1))
            r = run("--check", stale)
            self.assertEqual(r.returncode, 1)
            self.assertIn("out of date", r.stderr)

    def test_malformed_descriptions_are_rejected(self):
        for what, breaker, phrase in BROKEN:
            with self.subTest(what), tempfile.TemporaryDirectory() as tmp:
                desc = load()
                breaker(desc)
                path = os.path.join(tmp, "broken.json")
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(desc, f)
                out = os.path.join(tmp, "out")
                r = run("--json", path, "--out", out)
                self.assertEqual(r.returncode, 1, f"{what}: accepted\n{r.stderr}")
                self.assertIn(phrase, r.stderr)
                self.assertIn("nothing written", r.stderr)
                self.assertFalse(os.path.exists(out), f"{what}: files were written")

    def test_no_action_is_an_error(self):
        r = run()
        self.assertEqual(r.returncode, 2)
        self.assertIn("nothing to do", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
