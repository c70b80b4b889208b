"""Build into a staging folder and swap it in only when the build succeeded.

MkDocs empties `site_dir` before it renders anything, so an error found while rendering
(a note whose passage is gone, a broken template) would leave readers with half a site.
The plugin points `site_dir` at a sibling folder and moves it into place in `on_post_build`.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig


@dataclass(slots=True)
class Stage:
    config: MkDocsConfig
    final: Path
    staging: Path

    @classmethod
    def begin(cls, config: MkDocsConfig) -> Stage:
        final = Path(config.site_dir)
        staging = final.with_name(f".{final.name}.explainer-staging-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        config.site_dir = str(staging)
        return cls(config, final, staging)

    def commit(self, config: MkDocsConfig) -> None:
        old = self.final.with_name(f".{self.final.name}.explainer-old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        try:
            if self.final.exists():
                os.rename(self.final, old)
            os.rename(self.staging, self.final)
        except OSError:
            # A mount point or a busy folder cannot be renamed: replace its contents instead.
            self.final.mkdir(parents=True, exist_ok=True)
            for child in self.final.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            for child in self.staging.iterdir():
                shutil.move(str(child), self.final / child.name)
            shutil.rmtree(self.staging, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
        config.site_dir = str(self.final)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
        self.config.site_dir = str(self.final)
