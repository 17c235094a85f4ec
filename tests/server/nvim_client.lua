-- Neovim as the LSP client (headless): attach `nnlint server`, wait for its diagnostics, apply the quick fix
-- "Fix NN101", wait for the diagnostics to clear, and write what happened to $NNLINT_NVIM_OUT as JSON.
-- Uses vim.lsp.start_client (Neovim 0.7, what Debian 12 ships; 0.11's vim.lsp.config wraps the same client).
local out = os.getenv("NNLINT_NVIM_OUT")
local result = { steps = {} }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd("qall!")
end

local ok, err = pcall(function()
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({
    name = "nnlint",
    cmd = { os.getenv("NNLINT_PYTHON"), "-m", "nnlint", "server" },
    root_dir = vim.fn.getcwd(),
    settings = { nnlint = { showInfo = true } },
  })
  vim.lsp.buf_attach_client(buf, id)
  local client = vim.lsp.get_client_by_id(id)

  assert(vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20), "no diagnostics")
  local diagnostics = vim.diagnostic.get(buf)
  for _, d in ipairs(diagnostics) do
    table.insert(result.steps, { diagnostic = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
                                 source = d.source, lnum = d.lnum, col = d.col, message = d.message })
  end

  local first = diagnostics[1]
  vim.api.nvim_win_set_cursor(0, { first.lnum + 1, first.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) }
  local response = client.request_sync("textDocument/codeAction", params, 20000, buf)
  assert(response and response.result, "no code actions: " .. vim.inspect(response))
  result.actions = {}
  local fix
  for _, action in ipairs(response.result) do
    table.insert(result.actions, action.title)
    if action.title:match("^Fix NN101") then fix = action end
  end
  assert(fix and fix.edit, "no Fix NN101 action")
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or "utf-16")
  result.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
  result.cleared = vim.wait(30000, function() return #vim.diagnostic.get(buf) == 0 end, 20)
  client.stop()
end)
if not ok then result.error = tostring(err) end
finish()
