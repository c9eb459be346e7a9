// The language server's pieces: framing, UTF-16 positions, URIs, the name index it reads,
// and the server itself on in-memory messages.
#include <catch2/catch.hpp>

#include "compiler/lsp/builtins.h"
#include "compiler/lsp/framing.h"
#include "compiler/lsp/position.h"
#include "compiler/lsp/semantic.h"
#include "compiler/lsp/server.h"
#include "compiler/lsp/uri.h"
#include "compiler/sema/checker.h"
#include "support.h"

using tco::lsp::FrameDecoder;
using tco::lsp::LineIndex;
using tco::lsp::Position;

namespace {

std::string frame(const std::string& body) { return tco::lsp::encode_frame(body); }

}  // namespace

TEST_CASE("frames decode whole, split at any byte, and back to back") {
  std::string a = R"({"id":1})", b = R"({"id":2,"x":"é"})";
  FrameDecoder d;
  d.feed(frame(a) + frame(b));
  auto f1 = d.next();
  auto f2 = d.next();
  REQUIRE(f1);
  REQUIRE(f2);
  CHECK(f1->body == a);
  CHECK(f2->body == b);
  CHECK_FALSE(d.next());

  FrameDecoder slow;
  std::string bytes = frame(b) + frame(a);
  std::vector<std::string> got;
  for (char c : bytes) {
    slow.feed(std::string(1, c));
    while (auto f = slow.next()) got.push_back(f->body);
  }
  CHECK(got == std::vector<std::string>{b, a});
}

TEST_CASE("frame headers: any case, other headers ignored, bare newlines accepted") {
  FrameDecoder d;
  d.feed("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}");
  d.feed("Content-Length:2\n\n[]");
  auto f1 = d.next();
  auto f2 = d.next();
  REQUIRE(f1);
  REQUIRE(f2);
  CHECK(f1->body == "{}");
  CHECK(f2->body == "[]");
}

TEST_CASE("malformed frames are dropped with a reason and the stream recovers") {
  FrameDecoder d;
  d.feed("X-Nothing: 1\r\n\r\n");
  d.feed("Content-Length: twelve\r\n\r\n");
  d.feed("Content-Length: 2\r\n\r\n{}");
  auto e1 = d.next();
  auto e2 = d.next();
  auto ok = d.next();
  REQUIRE(e1);
  REQUIRE(e2);
  REQUIRE(ok);
  CHECK(e1->error == "a message without Content-Length");
  CHECK(e2->error.find("not a number") != std::string::npos);
  CHECK(ok->error.empty());
  CHECK(ok->body == "{}");
}

TEST_CASE("an oversized frame is refused and its body skipped, even across feeds") {
  FrameDecoder d;
  size_t n = tco::lsp::kMaxMessageBytes + 10;
  d.feed("Content-Length: " + std::to_string(n) + "\r\n\r\n");
  auto refused = d.next();
  REQUIRE(refused);
  CHECK_FALSE(refused->error.empty());
  d.feed(std::string(n - 4, 'x'));
  CHECK_FALSE(d.next());
  d.feed(std::string(4, 'x') + frame("{}"));
  auto ok = d.next();
  REQUIRE(ok);
  CHECK(ok->body == "{}");
}

TEST_CASE("positions count UTF-16 code units") {
  // "é" is 2 bytes and 1 unit, "€" 3 bytes and 1 unit, "🚀" 4 bytes and 2 units (a pair).
  std::string text = "let a = 1\nx = \"é€🚀\" + y\n";
  LineIndex idx(text);
  uint32_t y = static_cast<uint32_t>(text.find('y'));
  CHECK(idx.position(0) == Position{0, 0});
  CHECK(idx.position(4) == Position{0, 4});
  // x, space, =, space, quote: 5; é, €: 2; 🚀: 2; quote, space, +, space: 4.
  CHECK(idx.position(y) == Position{1, 13});
  CHECK(idx.offset({1, 13}) == y);
  uint32_t rocket = static_cast<uint32_t>(text.find("🚀"));
  CHECK(idx.position(rocket) == Position{1, 7});
  CHECK(idx.offset({1, 7}) == rocket);
  // Inside the surrogate pair: the character's start.
  CHECK(idx.offset({1, 8}) == rocket);
  CHECK(idx.offset({1, 9}) == rocket + 4);
}

TEST_CASE("positions past a line's end clamp to it, past the last line there is none") {
  std::string text = "ab\r\ncd";
  LineIndex idx(text);
  CHECK(idx.offset({0, 99}) == 2u);  // before the \r
  CHECK(idx.offset({1, 99}) == 6u);
  CHECK_FALSE(idx.offset({2, 0}));
  CHECK(idx.position(1000) == Position{1, 2});
  CHECK(idx.line_count() == 2);
  CHECK_FALSE(tco::lsp::position_from_json(nlohmann::json{{"line", -1}, {"character", 0}}));
  CHECK_FALSE(tco::lsp::position_from_json(nlohmann::json{{"line", 1}}));
  CHECK(tco::lsp::position_from_json(nlohmann::json{{"line", 1}, {"character", 2}}) == Position{1, 2});
}

TEST_CASE("semantic tokens are sorted and delta-encoded, overlaps dropped") {
  using tco::lsp::SemanticToken;
  // Given out of order: line 3 col 19, line 0 col 7, line 3 col 13, and one inside line 3's first.
  std::vector<SemanticToken> tokens = {{{3, 19}, 4, 5, 2}, {{0, 7}, 4, 0, 4}, {{3, 13}, 3, 7, 4}, {{3, 14}, 1, 1, 0}};
  CHECK(tco::lsp::encode_semantic_tokens(tokens) ==
        std::vector<uint32_t>{0, 7, 4, 0, 4, /* next line: from its start */ 3, 13, 3, 7, 4, /* same line */ 0, 6, 4, 5, 2});
  CHECK(tco::lsp::encode_semantic_tokens({}).empty());
}

TEST_CASE("file URIs decode and encode") {
  using tco::lsp::path_from_uri;
  using tco::lsp::uri_from_path;
  CHECK(path_from_uri("file:///a%20b/caf%C3%A9.tco") == "/a b/café.tco");
  CHECK(path_from_uri("file://localhost/x.tco") == "/x.tco");
  CHECK_FALSE(path_from_uri("untitled:Untitled-1"));
  CHECK_FALSE(path_from_uri("file:///bad%2"));
  CHECK_FALSE(path_from_uri("file://elsewhere/x.tco"));
  CHECK(uri_from_path("/a b/café.tco") == "file:///a%20b/caf%C3%A9.tco");
  CHECK(uri_from_path("/a/./b/../c.tco") == "file:///a/c.tco");
}

TEST_CASE("the name index maps each use to its declaration, with its type") {
  tco::test::TempPlan plan("type T { a: Data }\nlet t = T { a = 1 GB }\nlet x = t.a / 1 s\n");
  // Only a compilation that asks for the index records it (`tcoc run` does not pay for it).
  auto plain = tco::pipeline::compile(plan.path(), tco::sema::SearchPaths::from_environment(), tco::pipeline::until(tco::pipeline::Stage::Check));
  REQUIRE(plain->checked);
  CHECK(plain->program.uses.empty());
  auto indexed = tco::pipeline::until(tco::pipeline::Stage::Check);
  indexed.index_names = true;
  auto c = tco::pipeline::compile(plan.path(), tco::sema::SearchPaths::from_environment(), indexed);
  REQUIRE(c->checked);
  const auto& p = c->program;
  tco::FileId file = p.main_module().file;
  const std::string& text = c->sources.file(file).text;
  auto at = [&](const std::string& needle, size_t skip = 0) {
    size_t pos = text.find(needle);
    for (size_t i = 0; i < skip; ++i) pos = text.find(needle, pos + 1);
    return tco::sema::name_at(p.uses, file, static_cast<uint32_t>(pos));
  };
  // `t.a`: the use of `t` points at the let, `a` at the field.
  auto* use_t = at("t.a");
  REQUIRE(use_t);
  CHECK(use_t->kind == tco::sema::NameKind::Let);
  CHECK(use_t->decl.begin == text.find("t = T"));
  CHECK(use_t->let != nullptr);
  auto* use_a = at("a / 1");
  REQUIRE(use_a);
  CHECK(use_a->kind == tco::sema::NameKind::Field);
  CHECK(use_a->decl.begin == text.find("a: Data"));
  CHECK(tco::sema::type_name(use_a->type, p.dims) == "Data");
  // A unit names its declaration in the prelude.
  auto* unit = at("GB");
  REQUIRE(unit);
  CHECK(unit->kind == tco::sema::NameKind::Unit);
  CHECK(c->sources.file(unit->decl.file).path.find("prelude.tco") != std::string::npos);
  // The record literal's type name and its field name.
  auto* type = at("T {", 0);
  REQUIRE(type);
  CHECK(type->kind == tco::sema::NameKind::Type);
  CHECK(type->decl.begin == text.find("T {"));
}

TEST_CASE("the builtins the editor documents are exactly those sema knows") {
  for (const auto& b : tco::lsp::builtin_docs()) CHECK(tco::sema::builtin_by_name(b.name, 1, nullptr).has_value());
  for (const auto& name : tco::sema::builtin_names()) {
    INFO(name);
    CHECK(tco::lsp::builtin_doc(name) != nullptr);
  }
}

TEST_CASE("the server answers in-memory messages: lifecycle, errors, hover with a value") {
  std::vector<nlohmann::json> out;
  tco::lsp::Server s(tco::sema::SearchPaths::from_environment(),
                     [&](const std::string& body) { out.push_back(nlohmann::json::parse(body)); });
  s.handle(R"({"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}})");
  REQUIRE(out.size() == 1);
  CHECK(out[0]["error"]["code"] == -32002);
  s.handle(R"({"jsonrpc":"2.0","id":2,"method":"initialize","params":{}})");
  CHECK(out.back()["result"]["capabilities"]["hoverProvider"] == true);
  s.handle("not json");
  CHECK(out.back()["error"]["code"] == -32700);
  // The parse error quotes the bad bytes, which are not UTF-8: still a well-formed answer.
  s.handle("{\"a\": \"\xff\xfe\"}");
  CHECK(out.back()["error"]["code"] == -32700);
  s.bad_frame("a header line without `:`: `\xc3`");
  CHECK(out.back()["error"]["code"] == -32700);
  s.handle(R"({"jsonrpc":"2.0","id":3,"method":"no/such"})");
  CHECK(out.back()["error"]["code"] == -32601);
  size_t before = out.size();
  s.handle(R"({"jsonrpc":"2.0","method":"no/such/notification"})");
  CHECK(out.size() == before);

  nlohmann::json open = {{"jsonrpc", "2.0"},
                         {"method", "textDocument/didOpen"},
                         {"params",
                          {{"textDocument",
                            {{"uri", "file:///nowhere/plan.tco"}, {"version", 1}, {"text", "let bw = 3.35 TB/s\n"}}}}}};
  s.handle(open.dump());
  s.handle(R"({"jsonrpc":"2.0","id":4,"method":"textDocument/hover",
               "params":{"textDocument":{"uri":"file:///nowhere/plan.tco"},"position":{"line":0,"character":5}}})");
  // The hover needed the analysis: diagnostics are published first, then the answer.
  REQUIRE(out.size() == before + 2);
  CHECK(out[before]["method"] == "textDocument/publishDiagnostics");
  CHECK(out[before]["params"]["diagnostics"].empty());
  std::string hover = out.back()["result"]["contents"]["value"];
  CHECK(hover.find("let bw: Data/Time (TB/s)") != std::string::npos);
  CHECK(hover.find("= 3.35 TB/s") != std::string::npos);

  s.handle(R"({"jsonrpc":"2.0","id":5,"method":"shutdown"})");
  s.handle(R"({"jsonrpc":"2.0","method":"exit"})");
  CHECK(s.exited());
  CHECK(s.exit_code() == 0);
}
