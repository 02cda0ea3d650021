"""gyokaku: administrative-reform progress reports (PDF) to item-coded open data.

The stages are one-way: ``gyokaku.extract`` (PDF to positioned cells) then
``gyokaku.normalize`` (text repair, eras, arrows, item codes) then
``gyokaku.schemas`` (typed tables and writers).
"""

__version__ = "0.1.0"
