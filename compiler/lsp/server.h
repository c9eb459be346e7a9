// The language server behind `tcoc lsp`: JSON-RPC 2.0 messages (framing.h) in the LSP 3.17
// lifecycle (initialize, shutdown, exit), the open documents with their latest analysis, and
// dispatch to diagnostics, hover, definition and completion. Single-threaded: a changed
// document is analysed when no input is waiting, or when a request needs it, so a burst of
// keystrokes costs one compilation.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/lsp/analysis.h"
#include "compiler/lsp/markup.h"

namespace tco::lsp {

class Server {
 public:
  using Send = std::function<void(const std::string& body)>;
  Server(sema::SearchPaths paths, Send send) : paths_(std::move(paths)), send_(std::move(send)) {}

  // One message body, well-formed or not; a framing error is handed over as `bad_frame`.
  void handle(const std::string& body);
  void bad_frame(const std::string& why);
  // Analyses every document changed since its last analysis and publishes its diagnostics.
  void flush();

  bool exited() const { return exited_; }
  // 0 when `exit` came after `shutdown`, 1 otherwise (LSP 3.17).
  int exit_code() const { return state_ == State::ShutDown ? 0 : 1; }

 private:
  struct Document {
    std::string uri, path, text;
    nlohmann::json version;  // the editor's, echoed in published diagnostics
    bool dirty = true;
    std::shared_ptr<const Analysis> current;      // of `text`, unless dirty
    std::shared_ptr<const Analysis> last_parsed;  // the latest that parsed, for completion
  };
  enum class State { Uninitialized, Running, ShutDown };

  nlohmann::json request(const std::string& method, const nlohmann::json& params);
  void notification(const std::string& method, const nlohmann::json& params);
  nlohmann::json initialize_result() const;
  nlohmann::json at_position(const std::string& method, const nlohmann::json& params);
  nlohmann::json formatting(const nlohmann::json& params);
  nlohmann::json inlay(const nlohmann::json& params);
  nlohmann::json code_action(const nlohmann::json& params);

  // The open document `params.textDocument.uri` names, analysed anew if it changed; nullptr
  // when it is not open.
  Document* document(const nlohmann::json& params);
  // The analysis whose names answer a request on `d`: its own when its text parses, else the
  // latest that did (a line is mostly half written when completion or signature help is asked).
  static const Analysis* named(const Document& d);
  void open(const std::string& uri, std::string text, nlohmann::json version);
  void changed(Document& d);
  Document& fresh(Document& d);
  void analyze(Document& d);
  void publish(const std::string& uri, const nlohmann::json& version, nlohmann::json diagnostics);
  void respond(const nlohmann::json& id, nlohmann::json result);
  void respond_error(const nlohmann::json& id, int code, const std::string& message);
  void send(const nlohmann::json& message);
  std::string path_for(const std::string& uri) const;

  sema::SearchPaths paths_;
  MarkupFormats formats_;  // what the client reads: markdown unless it said otherwise
  // The client's command that runs one item (initializationOptions.runStudyCommand): code
  // lenses call it; without one, none are offered.
  std::string run_study_command_;
  Send send_;
  State state_ = State::Uninitialized;
  bool exited_ = false;
  std::map<std::string, Document> docs_;  // by URI
};

// Serves on two file descriptors until `exit` or the end of input; returns the exit code.
int serve(int in_fd, int out_fd, const sema::SearchPaths& paths);

}  // namespace tco::lsp
