#!/usr/bin/env python3
"""Screenshot of a report page in headless Chromium (what the README's picture is made with).

    tools/browser-check/screenshot.py PAGE OUT.png [--width 1100] [--height 720] [--full]
                                      [--click SELECTOR] [--at SELECTOR] [--phone] [--print]

--click clicks an element first (say, an entity's mention); --at scrolls an element to the top;
--full captures the whole page instead of the window; --phone uses a 390 × 844 phone screen;
--print uses the print styles. Console errors are printed and make the exit status 1.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("page")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1100)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--click")
    parser.add_argument("--at")
    parser.add_argument("--phone", action="store_true")
    parser.add_argument("--print", dest="print_media", action="store_true")
    options = parser.parse_args()
    with Browser(options.width, options.height) as browser:
        if options.phone:
            browser.set_viewport(390, 844, mobile=True, scale=2)
        if options.print_media:
            browser.emulate_print()
        browser.open(options.page)
        if options.click:
            browser.click(options.click)
        if options.at:
            browser.evaluate("document.querySelector(%r).scrollIntoView({block: 'start'})" % options.at)
        browser.screenshot(options.out, full_page=options.full)
        for error in browser.console_errors + browser.dialogs:
            print("screenshot: " + error, file=sys.stderr)
        return 1 if browser.console_errors or browser.dialogs else 0


if __name__ == "__main__":
    sys.exit(main())
