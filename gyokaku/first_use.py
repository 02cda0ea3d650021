"""Modules gyokaku's libraries import on first use, not when they are imported.

A process that will fork workers, or whose imports are measured apart from its
work (the benchmark), imports these up front: pyarrow's version parser (its
first Parquet write) and Pillow's image formats (its first save, which the
review page's render workers would otherwise each make).  This module imports
nothing, so that the lightest process can read these lists.
"""

PARQUET_FIRST_WRITE = ("pyarrow.vendored.version",)
PILLOW_FIRST_SAVE = ("PIL.Image",
                     *(f"PIL.{name}ImagePlugin" for name in ("Bmp", "Gif", "Jpeg", "Ppm", "Png")))
