// syntax::parse: bytes -> tokens -> parse tree -> AST, with tcoc-style diagnostics.
// Order of checks (the first error of a file is the only one reported):
//   1. bytes: NUL (E0002), invalid UTF-8 (E0003), lone CR (prepass.h)
//   2. lexical error tokens: unterminated string/comment, bad number, stray character
//   3. nesting depth of the token stream (E0007), before ANTLR recurses
//   4. a token pre-pass that settles two things the grammar cannot cheaply: where a
//      function body's result starts (BODY_RESULT) and which `/` and `^` belong to a
//      literal's unit (USLASH, UCARET); see grammar/Tco.g4
//   5. the parse itself: the first syntax error stops it (E0004)
//   6. the builder's own checks
//
// Step 5 first tries the quick way: a few hundred items at a time, with ANTLR's SLL
// prediction, each part's tree built into AST and freed before the next is parsed, so a
// 10 MB plan never holds more than one part's tokens and tree. Anything that way does not
// accept -- a syntax error, or the rare input SLL cannot decide -- sends the whole file the
// reference way: one parse with full LL prediction and tcoc's error messages. Both ways give
// the same AST and the same diagnostics; the quick way only gives them sooner.
#include <antlr4-runtime.h>

#include <filesystem>

#include "TcoLexer.h"
#include "TcoParser.h"
#include "compiler/syntax/build.h"
#include "compiler/syntax/errors.h"
#include "compiler/syntax/lexemes.h"
#include "compiler/syntax/parse.h"
#include "compiler/syntax/prepass.h"

namespace tco::syntax {

namespace {

using detail::Env;
using detail::Lexeme;
using P = tco_gen::TcoParser;

// Tokens per part of the quick parse: large enough that a part's set-up is noise, small
// enough that its tokens and tree stay in the cache.
constexpr size_t kPartTokens = 4096;

// Where an item surely starts: a keyword that only ever starts an item, outside brackets and
// not after `.` (`x.let` is a field). `unit` is left out: after a decorator it is the
// middle of an item.
bool starts_item(const std::vector<Lexeme>& v, size_t i) {
  switch (v[i].type) {
    case P::IMPORT: case P::DIMENSION: case P::AT: case P::TYPE: case P::LET: case P::FN: case P::REPORT:
    case P::ASSERT: return i == 0 || v[i - 1].type != P::DOT;
    // `let pick = sweep ...` is one item.
    case P::SWEEP: case P::SIMULATE: return i == 0 || (v[i - 1].type != P::DOT && v[i - 1].type != P::ASSIGN);
    default: return false;
  }
}

// The file's tokens (all but EOF) as consecutive parts that each hold whole items, a part
// ending only where starts_item() says the next item begins. Unbalanced brackets make no
// more cuts: the parse of that part fails and the reference parse reports it.
std::vector<std::pair<size_t, size_t>> parts(const std::vector<Lexeme>& v, size_t part_tokens) {
  std::vector<std::pair<size_t, size_t>> out;
  const size_t n = v.empty() ? 0 : v.size() - 1;  // the last lexeme is EOF
  size_t begin = 0;
  long depth = 0;
  for (size_t i = 0; i < n; ++i) {
    switch (v[i].type) {
      case P::LPAREN: case P::LBRACK: case P::LBRACE: ++depth; break;
      case P::RPAREN: case P::RBRACK: case P::RBRACE: --depth; break;
      default:
        if (depth == 0 && i - begin >= part_tokens && starts_item(v, i)) {
          out.emplace_back(begin, i);
          begin = i;
        }
        break;
    }
    if (depth < 0) break;
  }
  out.emplace_back(begin, n);
  return out;
}

// The reference parse of the whole file: full LL prediction, errors reported.
std::unique_ptr<ast::Module> parse_whole(Env& env, const std::vector<Lexeme>& lexemes, antlr4::CharStream& input,
                                         std::vector<SourceToken>& layout) {
  detail::LexemeSource source(lexemes, 0, lexemes.size(), &input);
  antlr4::BufferedTokenStream tokens(&source);  // every token is on the default channel
  tokens.fill();
  env.set_tokens(&tokens);
  P parser(&tokens);
  detail::Listener listener(env);
  parser.removeErrorListeners();
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<detail::Strategy>(env));
  P::ModuleContext* tree = nullptr;
  try {
    tree = parser.module();
  } catch (const detail::Bail&) {
    env.set_tokens(nullptr);
    return nullptr;
  }
  auto m = std::make_unique<ast::Module>();
  m->file = env.file();
  bool built = !env.failed() && tree != nullptr && detail::build_items(tree, env, *m);
  if (built) detail::token_layout(tree, tokens, env, layout);
  env.set_tokens(nullptr);  // the stream dies here
  return built ? std::move(m) : nullptr;
}

enum class Quick { Parsed, BuilderError, Undecided };

// The quick parse, part by part. Parsed: `m` and `layout` hold the file. BuilderError:
// every part parsed, and the builder's first error is in `held`. Undecided: a part did not
// parse this way; only the reference parse can tell why.
Quick parse_parts(Env& env, const std::vector<Lexeme>& lexemes, antlr4::CharStream& input, ast::Module& m,
                  std::vector<SourceToken>& layout, Diagnostics& held, size_t part_tokens) {
  env.report_to(held);
  bool building = true;
  for (auto [begin, end] : parts(lexemes, part_tokens)) {
    detail::LexemeSource source(lexemes, begin, end, &input);
    antlr4::BufferedTokenStream tokens(&source);  // every token is on the default channel
    tokens.fill();
    env.set_tokens(&tokens);
    P parser(&tokens);
    parser.removeErrorListeners();
    parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
    parser.getInterpreter<antlr4::atn::ParserATNSimulator>()->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    P::ModuleContext* tree = nullptr;
    try {
      tree = parser.module();
    } catch (const antlr4::ParseCancellationException&) {
      env.set_tokens(nullptr);
      return Quick::Undecided;
    }
    // After a builder error the rest is only parsed: a syntax error further down is the
    // one the reference parse reports first.
    if (building && !detail::build_items(tree, env, m)) building = false;
    if (building) detail::token_layout(tree, tokens, env, layout);
    env.set_tokens(nullptr);
  }
  return building ? Quick::Parsed : Quick::BuilderError;
}

// parse() with parts of `part_tokens` tokens (0: the reference parse alone).
std::unique_ptr<ast::Module> parse_file(FileId file, SourceManager& sm, Diagnostics& diags, size_t part_tokens);

}  // namespace

std::string compare_lexers(const std::string& text) {
  SourceManager sm;
  Diagnostics diags(sm);
  FileId file = sm.add("lexers.tco", text);
  if (!detail::check_bytes(file, sm, diags)) return "";  // never lexed
  antlr4::ANTLRInputStream input(text);
  tco_gen::TcoLexer lexer(&input);
  lexer.removeErrorListeners();
  std::vector<Lexeme> want = detail::lex_all(lexer), got = detail::lex(text);
  for (size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
    auto show = [&](const std::vector<Lexeme>& v) {
      if (i >= v.size()) return std::string("nothing");
      const Lexeme& l = v[i];
      return fmt::format("type {} at {}..{} (line {}, column {})", static_cast<int64_t>(l.type == detail::kEofType ? -1 : l.type),
                         l.start, l.stop, l.line, l.col);
    };
    std::string a = show(want), b = show(got);
    if (a != b) return fmt::format("token {}: ANTLR's lexer: {}; tcoc's: {}", i, a, b);
  }
  return "";
}

std::string compare_parse_paths(const std::string& text, size_t part_tokens) {
  auto once = [&](size_t part) {
    SourceManager sm;
    Diagnostics diags(sm);
    FileId file = sm.add("parts.tco", text);
    auto m = parse_file(file, sm, diags, part);
    std::string s = m ? print_ast(*m, sm) : "(no module)\n";
    s += "--- layout\n";
    for (const SourceToken& t : sm.file(file).tokens)
      s += fmt::format("{} {} {} {}\n", t.begin, t.end, t.space_before, t.infix);
    return s + "--- diagnostics\n" + diags.render(false);
  };
  const std::string whole = once(0), in_parts = once(part_tokens);
  if (whole == in_parts) return "";
  size_t at = 0, line = 1;
  while (at < whole.size() && at < in_parts.size() && whole[at] == in_parts[at]) line += whole[at++] == '\n';
  auto line_of = [&](const std::string& s) {
    size_t b = s.rfind('\n', at == 0 ? 0 : at - 1);
    b = b == std::string::npos ? 0 : b + 1;
    return s.substr(b, s.find('\n', b) - b);
  };
  return fmt::format("line {} of the dump: whole file `{}`, in parts `{}`", line, line_of(whole), line_of(in_parts));
}

std::unique_ptr<ast::Module> parse(FileId file, SourceManager& sm, Diagnostics& diags) {
  return parse_file(file, sm, diags, kPartTokens);
}

namespace {

std::unique_ptr<ast::Module> parse_file(FileId file, SourceManager& sm, Diagnostics& diags, size_t part_tokens) {
  if (!detail::check_bytes(file, sm, diags)) return nullptr;
  const SourceFile& sf = sm.file(file);
  Env env(file, sf.text, diags);
  try {
    detail::SourceStream input(env, sf.path);
    std::vector<Lexeme> lexemes = detail::lex(sf.text);
    if (!detail::check_tokens(env, lexemes) || !detail::check_nesting(env, lexemes)) return nullptr;
    detail::prepare_tokens(lexemes);

    auto m = std::make_unique<ast::Module>();
    m->file = file;
    std::vector<SourceToken> layout;
    Diagnostics held(sm);
    Quick quick = part_tokens == 0 ? Quick::Undecided : parse_parts(env, lexemes, input, *m, layout, held, part_tokens);
    env.report_to(diags);
    if (quick == Quick::BuilderError) {
      diags.append(held);
      return nullptr;
    }
    if (quick == Quick::Undecided) {
      env.restart();
      layout.clear();
      m = parse_whole(env, lexemes, input, layout);
      if (m == nullptr) return nullptr;
    }
    if (!check_expression_depth(*m, diags)) return nullptr;
    m->name = std::filesystem::path(sf.path).stem().string();
    sm.set_tokens(file, std::move(layout));
    return m;
  } catch (const detail::Bail&) {
    return nullptr;
  } catch (const std::exception& e) {
    env.set_tokens(nullptr);  // the streams died with the try block
    env.report_to(diags);
    env.syntax_error(env.eof_span(), fmt::format("internal parser error: {}", e.what()));
    return nullptr;
  } catch (...) {
    env.set_tokens(nullptr);
    env.report_to(diags);
    env.syntax_error(env.eof_span(), "internal parser error");
    return nullptr;
  }
}

}  // namespace

}  // namespace tco::syntax
