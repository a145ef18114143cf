"""The public site: data → pages (Markdown/HTML + nav) → mkdocs-material build → search index."""
