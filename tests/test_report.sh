#!/usr/bin/env bash
# `lastmile report`: one HTML page that parses, names no other file and no script, holds
# one inline <svg> per picture `lastmile plot --format svg` draws, a summary row per KPI
# and strategy, the scenario text and the strategy names escaped; its temporary folder
# is removed; without gnuplot it still succeeds and says why; bad usage writes nothing.
# With a chromium binary the page is also rendered headless.
set -u
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail=0
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then :; else echo "FAIL: $what" >&2; fail=1; fi; }
# A strategy name with every character HTML escapes.
sed 's/name: three-attempts/name: "three <\&> \\"attempts\\" '"'"'x'"'"'"/' \
  "$LM_SOURCE_DIR/tests/fixtures/small.yaml" >"$tmp/s.yaml"
"$LASTMILE" run "$tmp/s.yaml" --set scenario.days=3 --set scenario.warmup_days=0 -r 2 -q \
  -o "$tmp/r.h5" >/dev/null 2>&1 || { echo "FAIL: the run failed" >&2; exit 1; }
mkdir "$tmp/t"
check "report" env TMPDIR="$tmp/t" "$LASTMILE" report "$tmp/r.h5"
check "report: the default name is beside the results" test -s "$tmp/r.html"
check "report: the temporary folder is removed" test -z "$(ls -A "$tmp/t")"
check "report refuses to replace without --force" \
  test "$("$LASTMILE" report "$tmp/r.h5" 2>/dev/null; echo $?)" = 2
check "report --force replaces" "$LASTMILE" report "$tmp/r.h5" --force
check "report -o" "$LASTMILE" report "$tmp/r.h5" -o "$tmp/other.html"
check "report: a missing file is a usage error" \
  test "$("$LASTMILE" report "$tmp/none.h5" -o "$tmp/none.html" 2>/dev/null; echo $?)" = 2
check "report: nothing written for a missing file" test ! -e "$tmp/none.html"
check "report: two results files are a usage error" \
  test "$("$LASTMILE" report "$tmp/r.h5" "$tmp/r.h5" -o "$tmp/x.html" 2>/dev/null; echo $?)" = 2
check "report: no temporary file left" test -z "$(ls -A "$tmp" | grep '\.tmp$')"
# Without gnuplot: the page says why and the command succeeds.
check "report without gnuplot" env PATH=/nonexistent "$LASTMILE" report "$tmp/r.h5" -o "$tmp/nognuplot.html"
# Figures that fail to draw (no scripts): the page says so, with the reason.
mkdir "$tmp/noscripts"
check "report with failing figures" env LASTMILE_PLOTS_DIR="$tmp/noscripts" TMPDIR="$tmp/t" \
  "$LASTMILE" report "$tmp/r.h5" -o "$tmp/failing.html"
if command -v gnuplot >/dev/null; then
  check "report with failing figures: why" grep -q "drawing them failed" "$tmp/failing.html"
  check "report with failing figures: the temporary folder is removed" test -z "$(ls -A "$tmp/t")"
fi
if command -v gnuplot >/dev/null; then
  "$LASTMILE" plot "$tmp/r.h5" --format svg -o "$tmp/plots" >"$tmp/plots.txt" 2>/dev/null ||
    { echo "FAIL: plot --format svg" >&2; fail=1; }
  pictures=$(grep -c . "$tmp/plots.txt")
else
  echo "SKIP gnuplot: the figures are checked to be reported missing"
  pictures=0
fi
/usr/bin/python3 - "$tmp/r.html" "$tmp/nognuplot.html" "$tmp/s.yaml" "$pictures" <<'PY' || fail=1
import html.parser, sys
page, nognuplot, scenario, pictures = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
bad = 0
def check(cond, what):
    global bad
    if not cond:
        bad += 1
        print("FAIL:", what, file=sys.stderr)

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.svgs, self.refs, self.scripts, self.links = [], 0, [], 0, 0
        self.rows, self.row, self.cell, self.pre, self.in_pre = [], None, None, [], False
        self.text = []
    def handle_starttag(self, tag, attrs):
        if tag == "svg" and "svg" not in self.stack:
            self.svgs += 1
        if tag not in ("meta", "br", "img", "link", "input", "hr"):
            self.stack.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") and value and not value.startswith("#"):
                self.refs.append((tag, name, value))
        self.scripts += tag == "script"
        self.links += tag == "link"
        if tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "pre":
            self.in_pre = True
            self.pre.append("")
    def handle_startendtag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "xlink:href") and value and not value.startswith("#"):
                self.refs.append((tag, name, value))
        self.scripts += tag == "script"
        self.links += tag == "link"
    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if tag in ("td", "th") and self.cell is not None:
            self.row.append("".join(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "pre":
            self.in_pre = False
    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)
        if self.in_pre:
            self.pre[-1] += data

def parse(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    p = Page()
    p.feed(raw)
    p.close()
    return raw, p

raw, p = parse(page)
check(raw.startswith("<!DOCTYPE html>"), "the page starts with the HTML doctype")
check(p.stack == [], "every element is closed: %s" % p.stack)
check(p.refs == [], "no external references: %s" % p.refs[:3])
check(p.scripts == 0 and p.links == 0, "no <script> and no <link>")
check("<?xml" not in raw and "<!DOCTYPE svg" not in raw, "the SVG prologs are stripped")
check(p.svgs == pictures, "%d inline svg for %d pictures" % (p.svgs, pictures))
if pictures == 0:
    check("figures are missing" in raw, "the page says why there are no figures")
names = ["three <&> \"attempts\" 'x'", "one-attempt"]
check("three &lt;&amp;&gt; &quot;attempts&quot; &#39;x&#39;" in raw, "the strategy name is escaped")
check("three <&>" not in raw, "the raw strategy name does not appear")
for name in names:
    rows = [r for r in p.rows if len(r) == 6 and r[2] == name]
    check(len(rows) >= 40, "summary rows of %r: %d" % (name, len(rows)))
    check(any(r[0] == "received" for r in rows), "a received row for %r" % name)
verdicts = [r[6] for r in p.rows if len(r) == 7 and r[2] == "one-attempt"]
check(len(verdicts) >= 40, "comparison rows: %d" % len(verdicts))
check(set(verdicts) <= {"better", "worse", "higher", "lower", "no clear difference", "no interval"},
      "verdicts: %s" % set(verdicts))
with open(scenario, encoding="utf-8") as f:
    text = f.read()
check(any(pre == text for pre in p.pre), "the scenario text in a <pre>, read back unchanged")
check(any(r[0] == "command line" for r in p.rows), "the command line")
check(any(r[0] == "git_commit" for r in p.rows), "the build's commit")
raw2, p2 = parse(nognuplot)
check(p2.svgs == 0 and "gnuplot was not found" in raw2, "without gnuplot the page says why")
sys.exit(1 if bad else 0)
PY
# Rendered by a browser, when there is one.
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$chromium" ]; then
  if timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/chrome" \
    --dump-dom "file://$tmp/r.html" >"$tmp/dom.html" 2>"$tmp/chrome.err"; then
    got=$(grep -o '<svg' "$tmp/dom.html" | wc -l)
    check "chromium renders every svg ($got of $pictures)" test "$got" -eq "$pictures"
    check "chromium sees the summary" grep -q 'id="summary"' "$tmp/dom.html"
  else
    echo "FAIL: chromium could not render the page" >&2; cat "$tmp/chrome.err" >&2; fail=1
  fi
else
  echo "SKIP chromium"
fi
exit $fail
