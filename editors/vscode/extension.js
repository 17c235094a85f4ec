// The nnlint extension: starts `nnlint server` (LSP over stdio) and hands Python files and notebooks to it.
// Everything else (diagnostics, quick fixes, fix on save through source.fixAll.nnlint, hover) is the
// server's; this file only starts it, passes the settings and adds two commands.
"use strict";

const vscode = require("vscode");
const { LanguageClient, ExecuteCommandRequest } = require("vscode-languageclient/node");

let client;

function serverCommand() {
  const config = vscode.workspace.getConfiguration("nnlint");
  const path = config.get("path") || [];
  if (path.length > 0) {
    return { command: path[0], args: path.slice(1) };
  }
  return { command: config.get("interpreter") || "python3", args: ["-m", "nnlint", "server"] };
}

function settings() {
  const config = vscode.workspace.getConfiguration("nnlint");
  const keys = ["select", "extendSelect", "ignore", "showInfo", "lintOnChange", "lintDelay", "config", "fixAll", "unsafeFixes", "verifyArgs"];
  const out = {};
  for (const key of keys) {
    const value = config.get(key);
    if (value !== undefined && value !== null && value !== "") {
      out[key] = value;
    }
  }
  return out;
}

async function start(context) {
  const { command, args } = serverCommand();
  const serverOptions = { run: { command, args }, debug: { command, args: [...args, "--log-level", "DEBUG"] } };
  const clientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      { notebook: "*", language: "python" },
    ],
    initializationOptions: { settings: settings() },
    synchronize: { configurationSection: "nnlint" },
  };
  client = new LanguageClient("nnlint", "nnlint", serverOptions, clientOptions);
  await client.start();
}

async function verifyModelUnderCursor() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) {
    return;
  }
  const position = editor.selection.active;
  await client.sendRequest(ExecuteCommandRequest.type, {
    command: "nnlint.verify",
    arguments: [editor.document.uri.toString(), { line: position.line, character: position.character }],
  });
}

async function fixAll() {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) {
    return;
  }
  await client.sendRequest(ExecuteCommandRequest.type, {
    command: "nnlint.applyFixAll",
    arguments: [editor.document.uri.toString()],
  });
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("nnlint.verifyModelUnderCursor", verifyModelUnderCursor),
    vscode.commands.registerCommand("nnlint.fixAll", fixAll),
    vscode.commands.registerCommand("nnlint.restart", async () => {
      if (client) {
        await client.stop();
      }
      await start(context);
    }),
  );
  await start(context);
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
