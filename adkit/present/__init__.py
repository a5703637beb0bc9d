"""Views of a trace: the terminal table, exports (Markdown, LaTeX, CSV, HTML, JSON), narration and graphs."""
