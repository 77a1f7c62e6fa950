// Run a vendored tokenizer module inside Pyodide (CPython compiled to WebAssembly), offline:
//   node run.mjs MODULE.py TEXTS.json  -> JSON with the ids of each text under each encoding it holds
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";
const [, , modulePath, textsPath] = process.argv;
const py = await loadPyodide();
py.FS.writeFile("/home/pyodide/bpe_tokenizer.py", readFileSync(modulePath));
py.globals.set("texts_json", readFileSync(textsPath, "utf8"));
const out = py.runPython(`
import json, sys
sys.path.insert(0, "/home/pyodide")
import bpe_tokenizer
texts = json.loads(texts_json)
json.dumps({"version": sys.version.split()[0], "platform": sys.platform,
            "ids": {n: [bpe_tokenizer.get_encoding(n).encode_ordinary(t) for t in texts] for n in bpe_tokenizer.list_encoding_names()}})
`);
console.log(out);
