"""Print spreadsheets to PDF with LibreOffice (``soffice --headless --convert-to pdf``).

Conversions run one at a time in a private LibreOffice profile, so they
neither touch nor wait for anyone's running office.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

PROFILE_DIR = Path(tempfile.gettempdir()) / "gyokaku-samples-lo-profile"
TIMEOUT_S = 300


def soffice_binary() -> str:
    """Path of the soffice executable."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise FileNotFoundError("LibreOffice (soffice) is needed to render these samples")
    return found


def convert_to_pdf(source: Path, out_dir: Path) -> Path:
    """Convert ``source`` into ``out_dir`` and return the PDF's path."""
    command = [
        soffice_binary(),
        f"-env:UserInstallation={PROFILE_DIR.as_uri()}",
        "--headless", "--norestore",
        "--convert-to", "pdf",
        "--outdir", str(out_dir),
        str(source),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=TIMEOUT_S)
    pdf = out_dir / (source.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not write {pdf}")
    return pdf
