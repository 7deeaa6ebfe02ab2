"""Lays out DraftForge's print PDF with Typst (PyPI `typst`), for `pdf.engine: typst`.

DraftForge writes book.typ and runs this with one JSON argument:
  {"input", "output", "root", "fonts": [folders], "timestamp": seconds,
   "gutter": points or null, "gutters": [[most pages, points], ...], "pdf_standards": [...],
   "block_pages": true to report where each <df-block> mark fell}
A standard Typst refuses the book for (PDF/UA-1 wants headings that skip no level, …) is
dropped and the reason reported as "standard_error"; the PDF is then tagged without the claim.
With "gutters", the inside margin follows the page count: the book is set, its pages counted,
and set again while the count calls for another margin (at most four times; the widest wins).
It prints one JSON line: {"pages", "gutter", "warnings": [...], "block_pages": [...] or null}, or {"error", "hints"} and
exits 1. Exit 3: the typst module is not installed.
"""
import json
import os
import re
import sys


def gutter_for(pages, gutters):
    for most, points in gutters:
        if pages <= most:
            return points
    return gutters[-1][1]


def diagnostic(item):
    """The message, hints and the first place Typst points at (file, line, column)."""
    text = getattr(item, "message", None) or str(item)
    hints = list(getattr(item, "hints", None) or [])
    found = re.search(r"\u250c\u2500 ([^\s:]+):(\d+):(\d+)", getattr(item, "diagnostic", "") or "")
    where = {"file": found.group(1), "line": int(found.group(2)), "column": int(found.group(3))} if found else None
    return {"message": text, "hints": hints, "where": where}


def main():
    request = json.loads(sys.argv[1])
    try:
        import typst
    except ImportError as error:
        print(json.dumps({"error": "the Python module typst is not installed: %s" % error}))
        return 3
    # Packages only from an empty folder of the work folder: nothing cached elsewhere is used,
    # and a download meets the proxy DraftForge sets, which nothing answers.
    packages = os.path.join(request["root"], ".typst-packages")
    compiler = typst.Compiler(
        request["input"], root=request["root"], font_paths=request.get("fonts", []),
        package_path=packages, package_cache_path=packages,
    )
    gutters = request.get("gutters") or []
    gutter = request.get("gutter")
    if gutter is None:
        gutter = gutters[0][1] if gutters else 63.0
    tried = []
    pages = 0
    warnings = []
    pdf = None
    standards = list(request.get("pdf_standards") or [])
    standard_error = None

    def compile_at(gutter):
        nonlocal standards, standard_error
        while True:
            try:
                return compiler.compile_with_warnings(
                    format="pdf", sys_inputs={"gutter": repr(float(gutter))},
                    timestamp=request.get("timestamp"), pdf_standards=standards,
                )
            except typst.TypstError as error:
                if not standards or "PDF/" not in (getattr(error, "message", "") or ""):
                    raise
                standard_error = diagnostic(error)
                standards = []

    while True:
        tried.append(gutter)
        try:
            pdf, found = compile_at(gutter)
            pages = int(json.loads(compiler.query("<df-end>", field="value", one=True)))
        except typst.TypstError as error:
            print(json.dumps({"error": diagnostic(error)}))
            return 1
        warnings = [diagnostic(w) for w in found]
        if not gutters:
            break
        wanted = gutter_for(pages, gutters)
        if wanted == gutter:
            break
        if wanted in tried or len(tried) >= 4:
            # Between two margins: the wider one is safe for either count.
            widest = max(tried + [wanted])
            if widest != gutter:
                gutter = widest
                tried.append(widest)
                pdf, found = compile_at(gutter)
                pages = int(json.loads(compiler.query("<df-end>", field="value", one=True)))
            break
        gutter = wanted
    block_pages = None
    if request.get("block_pages"):
        # Where each block DraftForge marked fell, for the EPUB's page list; the set book is cached.
        block_pages = json.loads(compiler.query("<df-pages>", field="value", one=True))
    with open(request["output"], "wb") as file:
        file.write(pdf)
    print(json.dumps({"pages": pages, "gutter": gutter, "passes": len(tried), "warnings": warnings,
                      "standards": standards, "standard_error": standard_error, "block_pages": block_pages}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
