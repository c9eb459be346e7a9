// The tco extension's client: starts `tcoc lsp` (diagnostics as you type, hover with values,
// go to definition, completion, formatting) for .tco files. The path to tcoc is the setting
// `tcoc.path`; changing it restarts the server.
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
  };
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
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions };
