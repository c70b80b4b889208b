"""What `explainer check` holds of each annotation file once it is read: a size, not a time.

At 100,000 entries every KiB kept per file is ~100 MB, and on a VM each new page costs its
zeroing: the check works out what each file's warnings need as it parses it (`on_text`) and keeps
neither the file's text nor its reading (they held ~7 KiB a file more). Measured with tracemalloc
on a generated site of the benchmark's kind, so that a change which starts keeping them fails here.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from mkdocs_explainer.core.yamlnodes import Checked
from mkdocs_explainer.editors import check
from mkdocs_explainer.editors.filechecks import FileFacts
from mkdocs_explainer.mkdocs_adapter.sitecfg import load_site

from bench.check import write_site

KEPT_PER_FILE = 6 * 1024
"""Bytes the load may keep per file read (its entry, its errors, its warnings' facts, the loader's
own memos: ~4.0 KiB here; 9.6 KiB when each file's text and reading were kept)."""


def test_the_check_keeps_facts_not_texts_of_the_files_it_reads(tmp_path: Path) -> None:
    site = load_site(write_site(tmp_path, 4, 1_000, 1))
    loader = check._loader(site)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        registry, diagnostics = loader.load()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    files = loader.files
    assert len(registry.entries) == 1_000 and not [d for d in diagnostics if d.severity == "error"]
    assert all(isinstance(loader.facts_of(f), FileFacts) for f in files)
    assert not any(isinstance(loader.facts_of(f), (str, Checked)) for f in files)
    assert kept / len(files) < KEPT_PER_FILE, f"{kept / len(files):.0f} bytes kept per file"
