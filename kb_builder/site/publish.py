"""Publishing a built site: the staging folder, the swap into place, recovery, the build date.

A build writes every language into `<site>.kb-staging`; only a build that succeeded replaces
`<site>` with it. Nothing here knows MkDocs.
"""

from __future__ import annotations

import datetime
import os
import shutil

from kb_builder.content.project import Project

STAGING_SUFFIX = ".kb-staging"
PREVIOUS_SUFFIX = ".kb-previous"


def pin_build_date(project: Project) -> None:
    """Take the build date from the content, so two builds of one commit are byte-identical.

    MkDocs dates the sitemap (and the gzip header of sitemap.xml.gz) from SOURCE_DATE_EPOCH
    when it is set, else from the clock. An explicit SOURCE_DATE_EPOCH is kept; one set here is
    set again by each build (`kb serve` builds after a save that may date an entry anew).
    """
    global _pinned
    current = os.environ.get("SOURCE_DATE_EPOCH")
    if (current is not None and current != _pinned) or not project.entries:
        return
    newest = max(entry.updated for entry in project.entries)
    moment = datetime.datetime.strptime(newest, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = _pinned = str(int(moment.timestamp()))


_pinned: str | None = None
"""The SOURCE_DATE_EPOCH pin_build_date set last (any other value is the user's)."""


def recover_interrupted_build(final: str) -> None:
    """Undo what a build killed part-way (SIGKILL, power loss) left beside the site folder.

    Its staging folder was never published: it goes. Killed between the two renames of
    `replace_directory`, it left the last good site under its `.kb-previous` name and no site
    folder: that site is put back, so a reader never finds the site missing for longer.
    """
    base = final.rstrip("/\\")
    if not os.path.exists(base) and os.path.isdir(base + PREVIOUS_SUFFIX):
        os.replace(base + PREVIOUS_SUFFIX, base)
    shutil.rmtree(base + STAGING_SUFFIX, ignore_errors=True)


def replace_directory(staging: str, final: str) -> None:
    """Put the finished `staging` folder where `final` was, keeping the old one until then."""
    previous = final.rstrip("/\\") + PREVIOUS_SUFFIX
    shutil.rmtree(previous, ignore_errors=True)
    if os.path.exists(final):
        os.replace(final, previous)
    os.replace(staging, final)
    shutil.rmtree(previous, ignore_errors=True)
