"""The matplotlib side of the images' words: the font that has the Arabic letters, whether
this matplotlib shapes and orders Arabic by itself, and a legend that reads from the right.
The text itself is shaped in shaping.py; snapshot.py draws it."""

from __future__ import annotations

import numpy as np
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.textpath import TextPath

# Every word on the images, Arabic included: matplotlib's own DejaVu Sans has the Arabic letters
# and all their presentation forms (U+FE70–U+FEFC), in regular and bold.
IMAGE_FONT = {"font.family": ["DejaVu Sans"]}


def _matplotlib_shapes() -> bool:
    """Does this matplotlib shape and order complex text itself (libraqm, 3.11 and later)? If
    it does, "لا" (lam, alef) comes out as their one ligature, U+FEFB."""
    font = FontProperties(family=IMAGE_FONT["font.family"])
    written = TextPath((0, 0), "\u0644\u0627", prop=font, size=10).vertices
    ligature = TextPath((0, 0), "\ufefb", prop=font, size=10).vertices
    return written.shape == ligature.shape and bool(np.allclose(written, ligature))


MATPLOTLIB_SHAPES = _matplotlib_shapes()


def right_to_left(handles: list, labels: list[str], columns: int) -> tuple[list, list]:
    """The legend's entries reordered so that matplotlib, which fills its columns top to
    bottom from the left, shows them reading from the top right: the first column on the
    right. Blank entries fill the last column (drawn leftmost), so every column is as long."""
    rows = -(-len(handles) // columns)
    blank = Patch(visible=False)
    handles = list(handles) + [blank] * (rows * columns - len(handles))
    labels = list(labels) + [""] * (rows * columns - len(labels))
    order = [
        i for column in reversed(range(columns)) for i in range(column * rows, (column + 1) * rows)
    ]
    return [handles[i] for i in order], [labels[i] for i in order]
