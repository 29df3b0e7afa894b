"""The counter the Python checks share: check(cond, what) counts a pass, or prints
"FAIL: what" to stderr and counts a failure; done(name) prints "name: N passed, M failed"
and returns the exit code (1 when anything failed)."""
import sys


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL:", what, file=sys.stderr)

    def done(self, name):
        print(f"{name}: {self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0
