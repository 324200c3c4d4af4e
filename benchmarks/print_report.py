"""Print a rendered HTML report to A4 PDF with headless Chromium, and say how full each page is.

    python benchmarks/print_report.py cpkit-demo/reports/annual-report-2023-24.html
    python benchmarks/print_report.py REPORT.html --png pages/   # also every page as PNG

Prints the page count and, for each page, how much of its text area is used (from the top
margin to the last printed line; the footer's page number is not counted), flags pages
under half full, and names any table or block wider than the page's text area. ``make demo``
first renders the sample report. Needs Chromium, the browser extras and poppler-utils
(pdftoppm, pdftotext); tests/test_report_print.py runs the same checks.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from cpkit.render.browser import chromium, page_fill, print_pdf, too_wide

HALF = 0.5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", type=Path, help="the report's HTML file")
    parser.add_argument("--pdf", type=Path, help="where to write the PDF (default: beside it)")
    parser.add_argument("--png", type=Path, help="folder for one PNG per page (pdftoppm)")
    args = parser.parse_args(argv)
    pdf = args.pdf or args.html.with_suffix(".pdf")
    with chromium() as browser:
        print_pdf(browser, args.html, pdf)
        wide = too_wide(browser, args.html)
    fills = page_fill(pdf)
    print(f"{pdf}: {len(fills)} A4 pages")
    for number, fill in enumerate(fills, start=1):
        flag = "  <- under half full" if fill < HALF else ""
        print(f"  page {number:>2}: {fill:4.0%} full{flag}")
    sparse = [n for n, fill in enumerate(fills, start=1) if fill < HALF]
    print(f"pages under half full: {len(sparse)} {sparse if sparse else ''}".rstrip())
    print(f"average fill: {sum(fills) / len(fills):.0%}")
    print("wider than the page: " + ("; ".join(wide) if wide else "nothing"))
    if args.png:
        args.png.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(args.png / "page")], check=True
        )
        print(f"pages as PNG: {args.png}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
