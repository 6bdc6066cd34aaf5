"""Write a file so that a reader sees the old content or the new, never half of either.

The caches of `kb check` (.cache/kb/) are written while another `kb check`, an editor's hook or
`kb serve` may be reading them, and a run may be killed mid-write.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write `data` (text as UTF-8) to `path`, creating its folder: into a temporary file beside it,
    then renamed over it. Raises OSError as open() would; the temporary file never stays behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
