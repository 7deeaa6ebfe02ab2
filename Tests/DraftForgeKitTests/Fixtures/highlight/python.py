#!/usr/bin/env python3
"""Module docstring: count words in files."""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class WordCount:
    word: str
    count: int = 0


def count_words(text: str, *, minimum: int = 1) -> dict[str, int]:
    '''Return how often each word occurs.'''
    counts: dict[str, int] = {}
    for word in re.findall(r"\w+", text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return {w: n for w, n in counts.items() if n >= minimum}


async def main() -> None:
    naïve = "it's \"quoted\" and\ttabbed"
    total = 1_000 + 0x1F + 3.5e-2 + 2j
    width = 8
    print(f"{naïve!r:>{width}} has {len(naïve)} chars, {{literal}} braces")
    print(rb'bytes\n', b"\x00", u"unicode ✓")
    if total is not None and not False:
        print(f'''multi
line {total:.2f}''')
    lam = lambda x: x @ x  # matrix product
    return None
