#!/usr/bin/env python3
"""Check that every test a proof in Proofs/ names exists under Tests/.

In each Proofs/*.md, the section headed "Checked by" or "Tests" and any
table column headed "checked by" or "SymPy check" name tests in
backticks, as `Suite` or `Suite.test`, and SymPy scripts as
`check_*.py`. A name counts as present when a `struct Suite` exists under
Tests/ and, for `Suite.test`, a `func test` is declared in the body of
that struct or of an `extension Suite`. Comments and string literals are
ignored while searching. Backticked `check_*.py` names must exist in
Proofs/. Prints each missing name with the file that cites it, and exits
with status 1 if any is missing.

Usage: scripts/check-proof-tests.py [REPOSITORY]   (default: the current
directory)
"""

import re
import sys
from pathlib import Path

TEST_NAME = re.compile(r"^[A-Z][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")
SCRIPT_NAME = re.compile(r"^(?:Proofs/)?(check_[A-Za-z0-9_]*\.py)$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
BACKTICKED = re.compile(r"`([^`]+)`")


def section_names(lines):
    """Collect the backticked spans under a "Checked by" or "Tests" heading."""
    names = []
    level = None
    for line in lines:
        heading = HEADING.match(line)
        if heading:
            depth = len(heading.group(1))
            title = heading.group(2).strip().lower()
            if level is not None and depth <= level:
                level = None
            if title.startswith("checked by") or title == "tests":
                level = depth
            continue
        if level is not None:
            names.extend(BACKTICKED.findall(line))
    return names


def table_cells(line):
    """Split a Markdown table row into its cells, without the outer pipes."""
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def table_names(lines):
    """Collect the backticked spans in table columns headed "checked by"
    or "SymPy check"."""
    names = []
    columns = None
    for index, line in enumerate(lines):
        if not line.lstrip().startswith("|"):
            columns = None
            continue
        cells = table_cells(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if columns is None and re.match(r"^\s*\|[\s:|-]+\|\s*$", following):
            columns = [number for number, cell in enumerate(cells)
                       if cell.lower() in ("checked by", "sympy check")]
            continue
        for number in columns or []:
            if number < len(cells):
                names.extend(BACKTICKED.findall(cells[number]))
    return names


def mask_swift(text):
    """Return `text` with comments and string contents replaced by spaces.

    Handles line and nested block comments, single-line, multi-line and raw
    (#"…"#) string literals, and interpolations \\( … ) inside them, whose
    code stays visible. Newlines are kept so offsets and lines still match.
    """
    out = list(text)
    length = len(text)
    index = 0
    # One entry per open interpolation: the parenthesis depth of the code
    # around its string, and that string's (hashes, multiline).
    stack = []
    depth = 0
    string = None  # (hashes, multiline) while inside a string literal

    def blank(start, end):
        for position in range(start, min(end, length)):
            if out[position] != "\n":
                out[position] = " "

    while index < length:
        if string is None:
            if text.startswith("//", index):
                end = text.find("\n", index)
                end = length if end < 0 else end
                blank(index, end)
                index = end
                continue
            if text.startswith("/*", index):
                nesting = 0
                end = index
                while end < length:
                    if text.startswith("/*", end):
                        nesting += 1
                        end += 2
                    elif text.startswith("*/", end):
                        nesting -= 1
                        end += 2
                        if nesting == 0:
                            break
                    else:
                        end += 1
                blank(index, end)
                index = end
                continue
            opening = re.match(r'(#*)("""|")', text[index:index + 64])
            if opening:
                hashes = len(opening.group(1))
                multiline = opening.group(2) == '"""'
                string = (hashes, multiline)
                index += opening.end()
                continue
            if stack and text[index] == "(":
                depth += 1
            elif stack and text[index] == ")":
                depth -= 1
                if depth == 0:
                    depth, hashes, multiline = stack.pop()
                    string = (hashes, multiline)
            index += 1
            continue

        hashes, multiline = string
        escape = "\\" + "#" * hashes
        closing = ('"""' if multiline else '"') + "#" * hashes
        if text.startswith(escape, index):
            after = index + len(escape)
            if after < length and text[after] == "(":
                blank(index, after)
                stack.append((depth, hashes, multiline))
                depth = 1
                string = None
                index = after + 1
                continue
            blank(index, after + 1)
            index = after + 1
            continue
        if text.startswith(closing, index):
            string = None
            index += len(closing)
            continue
        blank(index, index + 1)
        index += 1
    return "".join(out)


def bodies(masked, keyword, name):
    """Return the brace-delimited bodies of `keyword name` declarations."""
    pattern = re.compile(r"\b" + keyword + r"\s+" + re.escape(name) + r"\b")
    found = []
    for match in pattern.finditer(masked):
        start = masked.find("{", match.end())
        if start < 0:
            continue
        level = 0
        for position in range(start, len(masked)):
            if masked[position] == "{":
                level += 1
            elif masked[position] == "}":
                level -= 1
                if level == 0:
                    found.append(masked[start:position + 1])
                    break
    return found


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    proofs = sorted((root / "Proofs").glob("*.md"))
    sources = {path: mask_swift(path.read_text(encoding="utf-8"))
               for path in sorted((root / "Tests").rglob("*.swift"))}

    cache = {}

    def suite_bodies(suite):
        if suite not in cache:
            structs = []
            extensions = []
            for masked in sources.values():
                structs += bodies(masked, "struct", suite)
                extensions += bodies(masked, "extension", suite)
            cache[suite] = (structs, extensions)
        return cache[suite]

    missing = []
    checked = 0
    for proof in proofs:
        lines = proof.read_text(encoding="utf-8").splitlines()
        for name in dict.fromkeys(section_names(lines) + table_names(lines)):
            script = SCRIPT_NAME.match(name)
            if script:
                checked += 1
                if not (root / "Proofs" / script.group(1)).is_file():
                    missing.append((name, proof, "no such script in Proofs/"))
                continue
            if not TEST_NAME.match(name):
                continue
            checked += 1
            suite, _, test = name.partition(".")
            structs, extensions = suite_bodies(suite)
            if not structs:
                missing.append(
                    (name, proof, f"no struct {suite} under Tests/"))
                continue
            if test and not any(
                    re.search(r"\bfunc\s+" + re.escape(test) + r"\b", body)
                    for body in structs + extensions):
                missing.append((name, proof, f"no func {test} in {suite}"))

    for name, proof, reason in missing:
        print(f"missing: `{name}` named in {proof.relative_to(root)}: "
              f"{reason}")
    print(f"{checked} names checked in {len(proofs)} files, "
          f"{len(missing)} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
