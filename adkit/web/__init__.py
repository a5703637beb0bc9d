"""adkit in the browser: ``adkit web -o DIR`` writes a static site that runs the real adkit in Pyodide.

:mod:`adkit.web.build` assembles the site (run by the command line);
:mod:`adkit.web.bridge` is what the page calls inside Pyodide.
"""
