// ctest editors/vscode-client: the VS Code extension's client (editors/vscode/extension.js)
// activated with stand-ins for VS Code and vscode-languageclient, which the machine running
// the tests does not have. The language client's stand-in starts the server as the real one
// does for TransportKind.stdio (the command, its args, then `--stdio`) and holds an LSP
// initialize/shutdown/exit exchange with it, so the command line the extension builds is
// tried against the real `tcoc lsp`. In between it asks for the code lenses of a plan, and the
// test runs one through the extension's `tcoc.runStudy`: the terminal's command line, run,
// must print that item alone.
//
// Usage: node vscode_client.js TCOC REPO
"use strict";
const Module = require("module");
const path = require("path");
const { spawn } = require("child_process");

const [tcoc, repo] = process.argv.slice(2);
let failures = 0;
function check(cond, what) {
  if (!cond) {
    failures++;
    console.log("FAIL:", what);
  }
}

// ---- a VS Code that records what the extension asks of it
const settings = { path: tcoc };
const listeners = [];
const errors = [];
const commands = {};
const terminals = [];
const plan = path.join(repo, "tests", "lsp", "plan.tco");
// The plan open in the editor with unsaved changes: running an item must save it first.
const openPlan = { uri: { scheme: "file", fsPath: plan }, isDirty: true, saved: 0, save() { this.saved++; return Promise.resolve(true); } };
const vscode = {
  workspace: {
    getConfiguration: (section) => ({ get: (key) => (section === "tcoc" ? settings[key] : undefined) }),
    onDidChangeConfiguration: (f) => (listeners.push(f), { dispose() {} }),
    createFileSystemWatcher: (glob) => ({ glob, dispose() {} }),
    textDocuments: [openPlan],
  },
  window: {
    showErrorMessage: (m) => errors.push(m),
    createTerminal: (opts) => {
      const t = { opts, shown: false, show() { this.shown = true; } };
      terminals.push(t);
      return t;
    },
  },
  commands: { registerCommand: (name, f) => ((commands[name] = f), { dispose() {} }) },
};

// ---- a language client that really starts the server and says hello
const clients = [];
function frame(msg) {
  const body = JSON.stringify(msg);
  return `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}
class LanguageClient {
  constructor(id, name, server, options) {
    Object.assign(this, { id, name, server, options, running: false, replies: "" });
    clients.push(this);
  }
  start() {
    const args = [...this.server.args];
    if (this.server.transport === TransportKind.stdio) args.push("--stdio");
    return new Promise((resolve, reject) => {
      const p = spawn(this.server.command, args, { stdio: ["pipe", "pipe", "pipe"] });
      this.process = p;
      p.on("error", reject);
      p.stdin.on("error", () => {});  // a server that died at once: its exit code says so
      p.stdout.on("data", (d) => (this.replies += d.toString()));
      p.on("exit", (code) => {
        this.exitCode = code;
        code === 0 ? resolve() : reject(new Error(`exit ${code}`));
      });
      const init = { processId: null, rootUri: null, capabilities: {}, initializationOptions: this.options.initializationOptions };
      p.stdin.write(frame({ jsonrpc: "2.0", id: 1, method: "initialize", params: init }));
      p.stdin.write(frame({ jsonrpc: "2.0", method: "initialized", params: {} }));
      const uri = "file://" + plan;
      const text = require("fs").readFileSync(plan, "utf8");
      p.stdin.write(frame({ jsonrpc: "2.0", method: "textDocument/didOpen", params: { textDocument: { uri, languageId: "tco", version: 1, text } } }));
      p.stdin.write(frame({ jsonrpc: "2.0", id: 3, method: "textDocument/codeLens", params: { textDocument: { uri } } }));
      p.stdin.write(frame({ jsonrpc: "2.0", id: 2, method: "shutdown" }));
      p.stdin.end(frame({ jsonrpc: "2.0", method: "exit" }));
    }).then(() => (this.running = true));
  }
  stop() {
    this.running = false;
    this.stopped = true;
    return Promise.resolve();
  }
}
const TransportKind = { stdio: 0, ipc: 1, pipe: 2 };

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === "vscode") return vscode;
  if (request === "vscode-languageclient/node") return { LanguageClient, TransportKind };
  return load.apply(this, arguments);
};
const extension = require(path.join(repo, "editors", "vscode", "extension.js"));
const manifest = require(path.join(repo, "editors", "vscode", "package.json"));

(async () => {
  // The manifest starts the client for .tco files and declares the setting it reads.
  check(manifest.main === "./extension.js", "package.json: main is ./extension.js");
  check((manifest.activationEvents || []).includes("onLanguage:tco"), "package.json: activates on the tco language");
  const setting = ((manifest.contributes || {}).configuration || {}).properties || {};
  check(setting["tcoc.path"] && setting["tcoc.path"].default === "tcoc", "package.json: tcoc.path, default `tcoc`");
  check(manifest.dependencies && manifest.dependencies["vscode-languageclient"], "package.json: depends on vscode-languageclient");

  const subscriptions = [];
  await extension.activate({ subscriptions });
  const first = clients[0];
  check(first && first.server.command === tcoc, "the server is the configured tcoc.path");
  check(first && JSON.stringify(first.server.args) === '["lsp"]', "the server's arguments are `lsp`");
  check(first && first.options.documentSelector.some((s) => s.language === "tco" && s.scheme === "file"),
        "the client serves .tco files");
  check(first && first.running, `\`${tcoc} lsp --stdio\` answered initialize and shut down cleanly`);
  check(first && /"capabilities"/.test(first.replies) && /"hoverProvider":true/.test(first.replies),
        "the server's initialize result names its capabilities (hover among them)");
  check(errors.length === 0, `no error shown (${errors.join("; ")})`);
  check(subscriptions.length >= 2 && commands["tcoc.restartServer"], "a configuration listener and a restart command");

  // The lenses the server offered this client, and one run through the extension's command.
  const contributed = ((manifest.contributes || {}).commands || []).map((c) => c.command);
  check(contributed.includes("tcoc.runStudy") && commands["tcoc.runStudy"], "package.json declares tcoc.runStudy; the extension registers it");
  const lensReply = first && first.replies.split(/Content-Length: \d+\r\n\r\n/).map((b) => { try { return JSON.parse(b); } catch (e) { return null; } })
    .find((m) => m && m.id === 3);
  const lenses = lensReply && Array.isArray(lensReply.result) ? lensReply.result : [];
  const boxes = lenses.find((l) => l.command && l.command.arguments && l.command.arguments[1] === "Boxes");
  check(boxes && boxes.command.command === "tcoc.runStudy" && boxes.command.arguments[0] === plan,
        `the server offers a "▶ Run" lens on report "Boxes" calling tcoc.runStudy with the file (${JSON.stringify(lenses)})`);
  if (boxes && commands["tcoc.runStudy"]) {
    await commands["tcoc.runStudy"](...boxes.command.arguments);
    const t = terminals[0];
    check(openPlan.saved === 1, "the plan's unsaved changes are saved before it runs");
    check(t && t.shown && t.opts.shellPath === tcoc && JSON.stringify(t.opts.shellArgs) === JSON.stringify(["run", "--only", "Boxes", plan]),
          `a terminal runs \`tcoc run --only Boxes FILE\` (${t && JSON.stringify(t.opts)})`);
    if (t) {
      const ran = require("child_process").spawnSync(t.opts.shellPath, t.opts.shellArgs, { encoding: "utf8", cwd: path.dirname(plan) });
      check(ran.status === 0 && /^Boxes\n/.test(ran.stdout), `that command line prints the report alone (exit ${ran.status}): ${ran.stdout}${ran.stderr}`);
    }
  }

  // A path that is no tcoc: the user is told which setting to fix.
  settings.path = path.join(repo, "no-such-tcoc");
  for (const f of listeners) await f({ affectsConfiguration: (s) => s === "tcoc.path" });
  check(first.stopped, "changing tcoc.path stops the running server");
  check(clients.length === 2 && clients[1].server.command === settings.path, "... and starts one with the new path");
  check(errors.length === 1 && errors[0].includes("tcoc.path") && errors[0].includes("no-such-tcoc"),
        `a server that cannot start names the path and the setting: ${errors[0]}`);

  // Another setting changing leaves the server alone.
  for (const f of listeners) await f({ affectsConfiguration: () => false });
  check(clients.length === 2, "an unrelated setting does not restart the server");

  // Back to a good path through the restart command; deactivating stops it.
  settings.path = tcoc;
  await commands["tcoc.restartServer"]();
  check(clients.length === 3 && clients[2].running, "tcoc: Restart the language server starts it again");
  await extension.deactivate();
  check(clients[2].stopped, "deactivate stops the server");

  console.log(failures ? `${failures} failures` : "the VS Code client starts, restarts and stops `tcoc lsp` as configured");
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.log("FAIL:", e && e.stack ? e.stack : e);
  process.exit(1);
});
