"""Arabic text as matplotlib must be given it: shaped and in visual order.

matplotlib draws characters one by one, left to right, in the order it gets them; it neither
joins Arabic letters nor reorders a right-to-left line. So each line of Arabic is first
shaped (arabic-reshaper: each letter becomes its initial, medial, final or isolated
presentation form, U+FE70–U+FEFF, lam-alef ligatures included) and then reordered for
display (python-bidi's `get_display`, the Unicode bidirectional algorithm): the characters of
the line come out in the left-to-right order in which they are to be drawn. English names,
quotes and numbers inside an Arabic line keep their own order.

Text is wrapped before it is shaped (wrapping the visual order would put the end of a sentence
on its first line); metadata keeps the logical, unshaped text.

matplotlib 3.11 and later lay text out themselves (libraqm: HarfBuzz and FriBiDi) and would
reorder an already ordered line: to them each line goes as it is written, after a right-to-left
mark that makes the line read from the right (`rtl_lines`). snapshot.py chooses.
"""

from __future__ import annotations

import re

import arabic_reshaper
from bidi import get_display

# Arabic letters (the base block, its supplement and extended-A, and the presentation forms)
RTL_CHARACTERS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Unicode's directional isolates: LRI, RLI, FSI and PDI (UAX #9). They order the text they
# enclose as one unit; no font draws them, so they go once the line is ordered.
LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
ISOLATES = re.compile(f"[{LRI}{RLI}{FSI}{PDI}]")
LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
# The mirrored brackets of Unicode's BidiMirroring that our texts use
MIRRORED = dict(zip("()[]{}<>«»", ")(][}{><»«", strict=True))
RLM = "\u200f"  # RIGHT-TO-LEFT MARK: a strong right-to-left character that draws nothing


def has_rtl(text: str) -> bool:
    return bool(RTL_CHARACTERS.search(text))


def isolate(text: str, direction: str = "auto") -> str:
    """`text` as one unit inside a line of the other direction: an English title with its
    parentheses and quotation marks, a signed number ("+1.2"). `direction`: "ltr", "rtl" or
    "auto" (the first strong letter decides; no letter at all reads left to right)."""
    opener = {"ltr": LRI, "rtl": RLI, "auto": FSI}[direction]
    return f"{opener}{text}{PDI}"


def balanced_lines(text: str) -> list[str]:
    """The lines of `text`, each with its own isolates: a line that a wrap broke inside an
    isolated English title closes it at its end, and the next line opens it again, so that
    every line orders its part of the title as one unit."""
    lines, still_open = [], []
    for line in text.split("\n"):
        line = "".join(still_open) + line
        still_open = []
        for char in line:
            if char in (LRI, RLI, FSI):
                still_open.append(char)
            elif char == PDI and still_open:
                still_open.pop()
        lines.append(line + PDI * len(still_open))
    return lines


def display_line(line: str, rtl: bool = True) -> str:
    """One line shaped and in visual order. Without Arabic letters the line is returned as it
    is, less its isolate marks; `rtl`: the line's own direction is right to left (an Arabic
    interface's line that starts with an English name still reads from the right)."""
    if not has_rtl(line):
        return ISOLATES.sub("", line)
    shaped = arabic_reshaper.reshape(line)
    levels = bidi_levels(shaped, rtl)
    if levels is None:  # a python-bidi that does not report them: its order, unmirrored
        return ISOLATES.sub("", get_display(shaped, base_dir="R" if rtl else "L"))
    return ISOLATES.sub("", visual_order(shaped, levels))


def bidi_levels(line: str, rtl: bool = True) -> list[int] | None:
    """The embedding level of each character of `line` (odd: right to left), as python-bidi
    resolves them, or None if it does not report them. python-bidi (0.5 and later) reports
    them only in its debug text, one per UTF-8 byte."""
    info = get_display(line, base_dir="R" if rtl else "L", debug=True)
    if not isinstance(info, str) or "levels:" not in info:
        return None
    found = LEVEL.findall(info.split("levels:", 1)[1].split("paragraphs:", 1)[0])
    if len(found) != len(line.encode("utf-8")):
        return None
    levels, offset = [], 0
    for char in line:
        levels.append(int(found[offset]))
        offset += len(char.encode("utf-8"))
    return levels


def visual_order(line: str, levels: list[int]) -> str:
    """`line` in the order it is drawn from the left (UAX #9, rules L2 and L4): from the
    highest level down to the lowest odd one, every run at that level or above is reversed;
    a bracket at an odd level is drawn mirrored. (python-bidi orders, but does not mirror.)"""
    chars = [MIRRORED.get(c, c) if level % 2 else c for c, level in zip(line, levels, strict=True)]
    order = list(range(len(chars)))
    lowest_odd = min((lv for lv in levels if lv % 2), default=None)
    if lowest_odd is None:
        return "".join(chars)
    for level in range(max(levels), lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if levels[order[index]] >= level:
                end = index
                while end < len(order) and levels[order[end]] >= level:
                    end += 1
                order[index:end] = order[index:end][::-1]
                index = end
            else:
                index += 1
    return "".join(chars[i] for i in order)


def display_text(text: str, rtl: bool = True) -> str:
    """`text` as matplotlib must draw it: each line shaped and in visual order
    (`display_line`); pure-Latin text unchanged."""
    if not has_rtl(text):
        return ISOLATES.sub("", text)
    return "\n".join(display_line(line, rtl) for line in balanced_lines(text))


def rtl_lines(text: str) -> str:
    """`text` for a text engine that shapes and orders by itself: each line of it marked as a
    right-to-left paragraph (a line that starts with an English name still reads from the
    right). Pure-Latin text unchanged."""
    if not has_rtl(text):
        return ISOLATES.sub("", text)
    return "\n".join(RLM + line for line in balanced_lines(text))
