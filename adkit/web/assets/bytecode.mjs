// Build time only (`adkit web`, run by node): byte-compile the page's modules in the page's own Python.
// Usage: node bytecode.mjs RUNTIME_DIR OUT.zip WHEEL...   (see adkit/web/bytecode.py)
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [runtime, out, ...wheels] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(`${runtime}/pyodide.mjs`).href);
const py = await loadPyodide({ indexURL: `${runtime}/` });
for (const wheel of wheels) {
  const bytes = readFileSync(wheel);
  py.unpackArchive(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), "wheel");
}
py.pyimport("adkit.web.bytecode").compile_imported("/tmp/bytecode.zip");
writeFileSync(out, py.FS.readFile("/tmp/bytecode.zip"));
