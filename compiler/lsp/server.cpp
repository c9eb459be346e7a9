// JSON-RPC dispatch, the LSP lifecycle, open documents, and the stdio loop.
#include "compiler/lsp/server.h"

#include <fmt/format.h>
#include <poll.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <filesystem>

#include "compiler/lsp/features.h"
#include "compiler/lsp/framing.h"
#include "compiler/lsp/markup.h"
#include "compiler/lsp/position.h"
#include "compiler/lsp/publish.h"
#include "compiler/lsp/semantic.h"
#include "compiler/lsp/uri.h"
#include "compiler/syntax/format.h"

namespace tco::lsp {
namespace {

using json = nlohmann::json;

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;
constexpr int kRequestFailed = -32803;

struct RpcError {
  int code;
  std::string message;
};

const json& member(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) throw RpcError{kInvalidParams, fmt::format("missing `{}`", key)};
  return j.at(key);
}

std::string string_member(const json& j, const char* key) {
  const json& v = member(j, key);
  if (!v.is_string()) throw RpcError{kInvalidParams, fmt::format("`{}` is not a string", key)};
  return v.get<std::string>();
}

// The imports of a text that does not parse, as a plan of its own: it still gives completion
// the stdlib's names and units when no version of the document ever parsed.
std::string imports_only(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    size_t i = line.find_first_not_of(" \t");
    if (i != std::string::npos && line.compare(i, 7, "import ") == 0) out += line.substr(i) + "\n";
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace

void Server::handle(const std::string& body) {
  json msg;
  try {
    msg = json::parse(body);
  } catch (const json::exception& e) {
    respond_error(nullptr, kParseError, fmt::format("not JSON: {}", e.what()));
    return;
  }
  json id = nullptr;
  if (msg.is_object() && msg.contains("id") && (msg["id"].is_number_integer() || msg["id"].is_string())) id = msg["id"];
  if (!msg.is_object() || !msg.contains("method") || !msg["method"].is_string()) {
    // A response to a request of ours: the server sends none, so there is nothing to match.
    if (msg.is_object() && msg.contains("id") && (msg.contains("result") || msg.contains("error"))) return;
    respond_error(id, kInvalidRequest, "a JSON-RPC message is an object with a string `method`");
    return;
  }
  const std::string method = msg["method"];
  const json params = msg.contains("params") ? msg["params"] : json::object();
  bool is_request = msg.contains("id");
  if (is_request && id.is_null()) {
    respond_error(nullptr, kInvalidRequest, "a request id is a number or a string");
    return;
  }
  try {
    if (!is_request) {
      notification(method, params);
      return;
    }
    respond(id, request(method, params));
  } catch (const RpcError& e) {
    if (is_request) respond_error(id, e.code, e.message);
  } catch (const json::exception& e) {
    if (is_request) respond_error(id, kInvalidParams, e.what());
  } catch (const std::exception& e) {
    if (is_request) respond_error(id, kInternalError, fmt::format("internal error: {}", e.what()));
  }
}

void Server::bad_frame(const std::string& why) { respond_error(nullptr, kParseError, "dropped " + why); }

json Server::request(const std::string& method, const json& params) {
  if (method == "initialize") {
    if (state_ != State::Uninitialized) throw RpcError{kInvalidRequest, "initialize was already received"};
    state_ = State::Running;
    formats_ = MarkupFormats::from_initialize(params);
    if (params.is_object() && params.contains("initializationOptions")) {
      const json& o = params["initializationOptions"];
      if (o.is_object() && o.contains("runStudyCommand") && o["runStudyCommand"].is_string())
        run_study_command_ = o["runStudyCommand"].get<std::string>();
    }
    return initialize_result();
  }
  if (state_ == State::Uninitialized) throw RpcError{kServerNotInitialized, "the server is not initialized yet"};
  if (state_ == State::ShutDown) throw RpcError{kInvalidRequest, "the server is shut down; only `exit` is accepted"};
  if (method == "shutdown") {
    state_ = State::ShutDown;
    return nullptr;
  }
  if (method == "textDocument/hover" || method == "textDocument/definition" || method == "textDocument/completion" ||
      method == "textDocument/signatureHelp" || method == "textDocument/references" ||
      method == "textDocument/documentHighlight" || method == "textDocument/prepareRename" ||
      method == "textDocument/rename")
    return at_position(method, params);
  if (method == "textDocument/formatting") return formatting(params);
  if (method == "textDocument/inlayHint") return inlay(params);
  if (method == "textDocument/codeAction") return code_action(params);
  if (method == "textDocument/semanticTokens/full") {
    // Tokens of an older text would colour the wrong words: none until it parses again.
    const Document* d = document(params);
    if (!d || !d->current->parsed) return nullptr;
    return semantic_tokens(*d->current, paths_.stdlib_dir);
  }
  if (method == "textDocument/codeLens") {
    // It runs the file as saved: an untitled buffer has none to run.
    const Document* d = document(params);
    const bool saved = d && d->uri.rfind("file://", 0) == 0;
    return saved ? code_lenses(*d->current, run_study_command_) : json::array();
  }
  if (method == "textDocument/documentSymbol") {
    // While the text does not parse, the last version that did gives the outline.
    const Document* d = document(params);
    const Analysis* a = d ? named(*d) : nullptr;
    return a ? document_symbols(*a) : json::array();
  }
  throw RpcError{kMethodNotFound, fmt::format("unknown method `{}`", method)};
}

json Server::initialize_result() const {
  return {{"capabilities",
           {{"positionEncoding", "utf-16"},
            {"textDocumentSync", {{"openClose", true}, {"change", 1}, {"save", {{"includeText", false}}}}},
            {"hoverProvider", true},
            {"definitionProvider", true},
            {"documentFormattingProvider", true},
            {"inlayHintProvider", true},
            {"documentSymbolProvider", true},
            {"referencesProvider", true},
            {"documentHighlightProvider", true},
            {"renameProvider", {{"prepareProvider", true}}},
            {"codeActionProvider", {{"codeActionKinds", {"quickfix"}}}},
            {"codeLensProvider", {{"resolveProvider", false}}},
            {"semanticTokensProvider", {{"legend", semantic_tokens_legend()}, {"full", true}}},
            {"signatureHelpProvider", {{"triggerCharacters", {"(", ","}}}},
            {"completionProvider", {{"triggerCharacters", {"."}}, {"resolveProvider", false}}}}},
          {"serverInfo", {{"name", "tcoc"}, {"version", TCOC_VERSION}}}};
}

void Server::notification(const std::string& method, const json& params) {
  if (method == "exit") {
    exited_ = true;
    return;
  }
  // Before `initialize` and after `shutdown` notifications are dropped (LSP 3.17).
  if (state_ != State::Running) return;
  if (method == "textDocument/didOpen") {
    const json& doc = member(params, "textDocument");
    open(string_member(doc, "uri"), string_member(doc, "text"), doc.value("version", json(nullptr)));
  } else if (method == "textDocument/didChange") {
    const json& doc = member(params, "textDocument");
    auto it = docs_.find(string_member(doc, "uri"));
    if (it == docs_.end()) return;
    Document& d = it->second;
    for (const auto& change : member(params, "contentChanges")) {
      std::string text = string_member(change, "text");
      if (!change.contains("range")) {
        d.text = std::move(text);
        continue;
      }
      // Incremental edits, though full sync is what the server asks for.
      LineIndex idx(d.text);
      auto b = position_from_json(member(member(change, "range"), "start"));
      auto e = position_from_json(member(member(change, "range"), "end"));
      const RpcError outside{kInvalidParams, "a change's range is outside the document"};
      if (!b || !e) throw outside;
      auto bo = idx.offset(*b);
      auto eo = idx.offset(*e);
      if (!bo || !eo) throw outside;
      uint32_t from = *bo, to = *eo;
      if (to < from) throw outside;
      d.text.replace(from, to - from, text);
    }
    d.version = doc.value("version", json(nullptr));
    changed(d);
  } else if (method == "textDocument/didSave") {
    auto it = docs_.find(string_member(member(params, "textDocument"), "uri"));
    if (it == docs_.end()) return;
    if (params.contains("text") && params["text"].is_string()) it->second.text = params["text"];
    // Files it imports that are not open may have changed on disk too.
    changed(it->second);
  } else if (method == "textDocument/didClose") {
    std::string uri = string_member(member(params, "textDocument"), "uri");
    auto it = docs_.find(uri);
    if (it == docs_.end()) return;
    Document closed = std::move(it->second);
    docs_.erase(it);
    changed(closed);  // documents importing it now read the file on disk
    publish(uri, nullptr, json::array());
  }
}

Server::Document* Server::document(const json& params) {
  auto it = docs_.find(string_member(member(params, "textDocument"), "uri"));
  return it == docs_.end() ? nullptr : &fresh(it->second);
}

const Analysis* Server::named(const Document& d) { return d.current->parsed ? d.current.get() : d.last_parsed.get(); }

json Server::at_position(const std::string& method, const json& params) {
  // Params are checked in the order they are read: the document's uri, then the position.
  string_member(member(params, "textDocument"), "uri");
  auto pos = position_from_json(member(params, "position"));
  if (!pos) throw RpcError{kInvalidParams, "`position` is not {line, character}"};
  Document* doc = document(params);
  if (!doc) return nullptr;
  Document& d = *doc;
  auto offset = LineIndex(d.text).offset(*pos);
  if (method == "textDocument/signatureHelp")
    return signature_help(named(d), d.text, offset.value_or(static_cast<uint32_t>(d.text.size())));
  if (method == "textDocument/completion") {
    json items = completion(named(d), d.text, offset.value_or(static_cast<uint32_t>(d.text.size())));
    if (formats_.plain_documentation && items.contains("items"))
      for (auto& item : items["items"])
        if (item.contains("documentation"))
          item["documentation"] = markup(item["documentation"]["value"].get<std::string>(), true);
    return items;
  }
  bool renaming = method == "textDocument/prepareRename" || method == "textDocument/rename";
  // A document that does not parse has no names to point at.
  if (renaming && !d.current->parsed) throw RpcError{kRequestFailed, "the document does not parse: fix it first"};
  if (!offset || !d.current->parsed) return nullptr;
  if (renaming) {
    RenameAnswer r = method == "textDocument/rename"
                         ? rename(*d.current, *offset, string_member(params, "newName"), paths_.stdlib_dir, d.uri)
                         : prepare_rename(*d.current, *offset, paths_.stdlib_dir);
    if (r.refusal == RenameAnswer::Refusal::BadName) throw RpcError{kInvalidParams, r.why};
    if (r.refusal == RenameAnswer::Refusal::Refused) throw RpcError{kRequestFailed, r.why};
    return r.result;
  }
  if (method == "textDocument/references") {
    const json& context = member(params, "context");
    bool with_decl = context.is_object() && context.value("includeDeclaration", false);
    return references(*d.current, *offset, with_decl, d.uri);
  }
  if (method == "textDocument/documentHighlight") return highlights(*d.current, *offset);
  if (method != "textDocument/hover") return definition(*d.current, *offset, d.uri);
  json h = hover(*d.current, *offset);
  if (h.is_object() && formats_.plain_hover) h["contents"] = markup(h["contents"]["value"].get<std::string>(), true);
  return h;
}

// The values of the constant lets in the requested range; none while the document does not
// check (its last analysis would point at moved text).
json Server::inlay(const json& params) {
  Document* doc = document(params);
  if (!doc) return json::array();
  Document& d = *doc;
  const json& range = member(params, "range");
  auto from = position_from_json(member(range, "start")), to = position_from_json(member(range, "end"));
  if (!from || !to) throw RpcError{kInvalidParams, "`range` is not {start, end}"};
  LineIndex idx(d.text);
  if (!d.current->checked) return json::array();
  return inlay_hints(*d.current, idx.offset(*from).value_or(0),
                     idx.offset(*to).value_or(static_cast<uint32_t>(d.text.size())));
}

// The quick fixes for the diagnostics in the requested range.
json Server::code_action(const json& params) {
  Document* doc = document(params);
  if (!doc) return json::array();
  const json& range = member(params, "range");
  auto from = position_from_json(member(range, "start")), to = position_from_json(member(range, "end"));
  if (!from || !to) throw RpcError{kInvalidParams, "`range` is not {start, end}"};
  LineIndex idx(doc->text);
  const json context = params.value("context", json::object());
  return code_actions(*doc->current, doc->uri, idx.offset(*from).value_or(0),
                      idx.offset(*to).value_or(static_cast<uint32_t>(doc->text.size())),
                      context.is_object() ? context.value("diagnostics", json::array()) : json::array());
}

// `tcoc fmt` on the buffer: one edit replacing the whole text, none when it is already
// formatted; `null` when it does not parse (its diagnostics say why) or fmt refuses it.
json Server::formatting(const json& params) {
  auto it = docs_.find(string_member(member(params, "textDocument"), "uri"));
  if (it == docs_.end()) return nullptr;
  const std::string& text = it->second.text;
  SourceManager sm;
  Diagnostics diags(sm);
  auto result = syntax::format_file(sm.add(it->second.path, text), sm, diags);
  if (!result.text) return nullptr;
  if (*result.text == text) return json::array();
  LineIndex idx(text);
  return json::array(
      {{{"range", range_json({0, 0}, idx.position(static_cast<uint32_t>(text.size())))}, {"newText", *result.text}}});
}

std::string Server::path_for(const std::string& uri) const {
  if (auto p = path_from_uri(uri)) return *p;
  // `untitled:Untitled-1` has no file: it imports from the working directory, and its
  // diagnostics name it `Untitled-1.tco` there (its buffer stands in for any such file).
  std::string name;
  for (char c : uri.substr(uri.find(':') + 1))
    name += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
  std::error_code ec;
  return (std::filesystem::current_path(ec) / (name + ".tco")).string();
}

void Server::open(const std::string& uri, std::string text, json version) {
  Document& d = docs_[uri];
  d.uri = uri;
  d.path = path_for(uri);
  d.text = std::move(text);
  d.version = std::move(version);
  changed(d);
}

void Server::changed(Document& d) {
  d.dirty = true;
  std::error_code ec;
  std::string key = std::filesystem::weakly_canonical(d.path, ec).string();
  for (auto& [uri, other] : docs_) {
    if (&other == &d || !other.current) continue;
    for (const auto& p : read_paths(*other.current))
      if (p == key) other.dirty = true;
  }
}

Server::Document& Server::fresh(Document& d) {
  if (d.dirty || !d.current) analyze(d);
  return d;
}

// A compiler bug, reported at the document's start.
static json internal_error(const std::string& what) {
  return {{"range", range_json({0, 0}, {0, 0})},
          {"severity", 1},
          {"source", "tcoc"},
          {"message", fmt::format("internal error: {}; please report it with this plan", what)}};
}

void Server::analyze(Document& d) {
  d.dirty = false;
  sema::Overlay buffers;
  for (const auto& [uri, doc] : docs_) buffers[doc.path] = doc.text;
  json diagnostics;
  try {
    d.current = lsp::analyze(d.path, buffers, paths_);
    if (d.current->parsed) {
      d.last_parsed = d.current;
    } else if (!d.last_parsed) {
      buffers[d.path] = imports_only(d.text);
      auto stub = lsp::analyze(d.path, buffers, paths_);
      if (stub->parsed) d.last_parsed = std::move(stub);
    }
    diagnostics = lsp_diagnostics(*d.current, d.text);
    if (!d.current->internal_error.empty()) diagnostics.push_back(internal_error(d.current->internal_error));
  } catch (const std::exception& e) {
    // A compiler bug must cost this document its answers, not the editor its server.
    d.current = std::make_shared<Analysis>();
    diagnostics = json::array({internal_error(e.what())});
  }
  publish(d.uri, d.version, std::move(diagnostics));
}

void Server::flush() {
  for (auto& [uri, d] : docs_)
    if (d.dirty) analyze(d);
}

void Server::publish(const std::string& uri, const json& version, json diagnostics) {
  json params = {{"uri", uri}, {"diagnostics", std::move(diagnostics)}};
  if (!version.is_null()) params["version"] = version;
  send(json{{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", std::move(params)}});
}

void Server::respond(const json& id, json result) {
  send(json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}});
}

void Server::respond_error(const json& id, int code, const std::string& message) {
  send(json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
}

void Server::send(const json& message) {
  // Texts quoting the input (a parse error's "last read", a header cut at 80 bytes) may hold
  // bytes that are not UTF-8, which JSON cannot carry: they become U+FFFD, never an exception.
  send_(message.dump(-1, ' ', false, json::error_handler_t::replace));
}

namespace {

bool write_all(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool input_waiting(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

}  // namespace

int serve(int in_fd, int out_fd, const sema::SearchPaths& paths) {
  // A client that goes away must end the server with an error, not a signal.
  std::signal(SIGPIPE, SIG_IGN);
  bool output_ok = true;
  Server server(paths, [&](const std::string& body) {
    if (output_ok) output_ok = write_all(out_fd, encode_frame(body));
  });
  FrameDecoder decoder;
  std::string buf(1 << 16, '\0');
  while (!server.exited() && output_ok) {
    while (auto frame = decoder.next()) {
      if (frame->error.empty())
        server.handle(frame->body);
      else
        server.bad_frame(frame->error);
      if (server.exited()) break;
    }
    if (server.exited()) break;
    if (!input_waiting(in_fd)) server.flush();
    ssize_t n = ::read(in_fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the client closed its end without `exit`
    decoder.feed(std::string_view(buf.data(), static_cast<size_t>(n)));
  }
  return server.exited() ? server.exit_code() : 1;
}

}  // namespace tco::lsp
