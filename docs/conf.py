"""Sphinx configuration for the conflictevents docs (MyST Markdown, furo theme)."""

from __future__ import annotations

from importlib.metadata import version as _version

project = "conflictevents"
author = "The conflictevents developers"
copyright = "2026, The conflictevents developers"  # noqa: A001
release = _version("conflictevents")
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
napoleon_google_docstring = True
napoleon_numpy_docstring = False

# No intersphinx: the build must work offline (CI has no network), and Sphinx reports an
# unreachable inventory as an untyped warning that -W turns into an error.

html_theme = "furo"
html_title = "conflictevents"
html_extra_path = ["schema.json"]  # served at the root: the schema's $id resolves
nitpicky = False
