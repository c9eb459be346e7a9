// The tco extension's client: starts `tcoc lsp` (diagnostics as you type, hover with values,
// go to definition, completion, formatting, quick fixes, rename, code lenses) for .tco files.
// The path to tcoc is the setting `tcoc.path`; changing it restarts the server. A code lens's
// "▶ Run" calls `tcoc.runStudy`, which runs that one report, sweep or simulation in a terminal.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

// How the server is started: `<tcoc.path> lsp` on stdin/stdout.
function serverOptions(command) {
  return { command, args: ["lsp"], transport: TransportKind.stdio };
}

function clientOptions() {
  return {
    documentSelector: [
      { scheme: "file", language: "tco" },
      { scheme: "untitled", language: "tco" },
    ],
    // Imports are read from disk: a change to a module outside the editor re-checks its importers.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher("**/*.tco") },
    // The server offers "▶ Run" lenses only to a client that can run them: this one, by this command.
    initializationOptions: { runStudyCommand: "tcoc.runStudy" },
  };
}

// `tcoc run --only TITLE FILE`: the arguments, not a shell line, so no title needs quoting.
function runArgs(file, title) {
  return ["run", "--only", title, file];
}

// The lens's command: save the plan if it has unsaved changes (tcoc runs the file), then run
// the item in a terminal of its own, named after it, which stays open to read.
async function runStudy(file, title) {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.scheme === "file" && d.uri.fsPath === file);
  if (doc && doc.isDirty) await doc.save();
  const terminal = vscode.window.createTerminal({ name: `tcoc: ${title}`, shellPath: configuredPath(), shellArgs: runArgs(file, title) });
  terminal.show(true);
  return terminal;
}

function configuredPath() {
  const path = vscode.workspace.getConfiguration("tcoc").get("path");
  return typeof path === "string" && path.trim() !== "" ? path.trim() : "tcoc";
}

async function start() {
  const command = configuredPath();
  client = new LanguageClient("tcoc", "tcoc", serverOptions(command), clientOptions());
  try {
    await client.start();
  } catch (err) {
    client = undefined;
    vscode.window.showErrorMessage(
      `tcoc: cannot start \`${command} lsp\` (${err && err.message ? err.message : err}). ` +
        "Set `tcoc.path` to the tcoc executable (build/tcoc in a clone of tcoc).");
  }
}

async function stop() {
  if (!client) return;
  const c = client;
  client = undefined;
  await c.stop();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration("tcoc.path")) return;
      await stop();
      await start();
    }),
    vscode.commands.registerCommand("tcoc.restartServer", async () => {
      await stop();
      await start();
    }),
    vscode.commands.registerCommand("tcoc.runStudy", runStudy),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions, runArgs };
