// Drives `nnlint server` with vscode-languageserver-protocol, the library vscode-languageclient is built on
// (VS Code itself cannot run here): initialize -> didOpen -> publishDiagnostics -> codeAction -> shutdown.
// Usage: node test/drive-server.js PYTHON FILE; prints {"diagnostics": [...], "actions": [...]} as JSON.
"use strict";

const { spawn } = require("child_process");
const path = require("path");
const fs = require("fs");
const { pathToFileURL } = require("url");
const rpc = require("vscode-languageserver-protocol/node");

async function main() {
  const [python, file] = process.argv.slice(2);
  const server = spawn(python, ["-m", "nnlint", "server"], { stdio: ["pipe", "pipe", "inherit"] });
  const connection = rpc.createProtocolConnection(
    new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));
  const published = new Promise((resolve) => {
    connection.onNotification(rpc.PublishDiagnosticsNotification.type, (params) => resolve(params));
  });
  connection.onRequest(rpc.RegistrationRequest.type, () => null);
  connection.onRequest(rpc.ConfigurationRequest.type, (params) => params.items.map(() => ({})));
  connection.listen();
  const folder = pathToFileURL(path.dirname(file)).href;
  const init = await connection.sendRequest(rpc.InitializeRequest.type, {
    processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: "test" }],
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
  });
  await connection.sendNotification(rpc.InitializedNotification.type, {});
  const uri = pathToFileURL(file).href;
  await connection.sendNotification(rpc.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "python", version: 1, text: fs.readFileSync(file, "utf8") },
  });
  const diagnostics = (await published).diagnostics;
  const actions = await connection.sendRequest(rpc.CodeActionRequest.type, {
    textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics },
  });
  await connection.sendRequest(rpc.ShutdownRequest.type);
  await connection.sendNotification(rpc.ExitNotification.type);
  process.stdout.write(JSON.stringify({ capabilities: init.capabilities, diagnostics, actions }));
  connection.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
