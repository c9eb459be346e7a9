// tcoc fmt's layout engine (see format.h for the rules). The parser has already decided
// each token's spacing; this file cuts the file into lines of tokens and comments, indents
// them by the brackets they sit in, aligns runs of similar lines, and then checks that
// the result means what the source meant.
#include "compiler/syntax/format.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "compiler/syntax/parse.h"

namespace tco::syntax {

namespace {

constexpr int kIndent = 2;        // spaces per level
constexpr int kContinuation = 1;  // extra levels for a statement's next line
constexpr int kCommentGap = 2;    // spaces before an aligned trailing comment
// A run of `name = value` lines is aligned only when its names differ in length by at most
// this much: one long name would push every value far from its name.
constexpr size_t kMaxAlignSpread = 8;

// A token or a comment; a line is a list of them.
struct Piece {
  int token = -1;       // index into SourceFile::tokens, or -1 for a comment
  std::string comment;  // the comment's text, verbatim (CRLF made LF)
  bool line_comment = false;
};

// The whitespace and comments of `text` in [from, to) (between two tokens, or before the
// first / after the last): calls `newline()` at each line feed and `comment(text, is_line)`
// at each comment, as fmt keeps it: a line comment without trailing spaces, a block comment
// with its CRLFs made LF. Spaces, tabs, CRs of CRLF and the bytes of a BOM are skipped.
template <class Newline, class Comment>
void scan_gap(const std::string& text, uint32_t from, uint32_t to, Newline newline, Comment comment) {
  uint32_t i = from;
  while (i < to) {
    if (text[i] == '\n') {
      newline();
      ++i;
    } else if (text.compare(i, 2, "//") == 0) {
      uint32_t end = i;
      while (end < to && text[end] != '\n') ++end;
      std::string body = text.substr(i, end - i);
      while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back()))) body.pop_back();
      comment(std::move(body), true);
      i = end;
    } else if (text.compare(i, 2, "/*") == 0) {
      size_t close = text.find("*/", i + 2);
      uint32_t end = close == std::string::npos ? to : static_cast<uint32_t>(close + 2);
      std::string body;
      for (uint32_t k = i; k < end; ++k)
        if (!(text[k] == '\r' && k + 1 < end && text[k + 1] == '\n')) body += text[k];
      comment(std::move(body), false);
      i = end;
    } else {
      ++i;
    }
  }
}

// How a `{` block's lines are laid out: entries of a record, report or type are separated
// by line breaks (a line ending in `,` starts a new entry); a study or function body holds
// statements, which a line ending in `,` continues (`show a,` / `b`).
enum class Block { Top, Record, Report, Type, Study, FnBody, Paren };

struct Line {
  std::vector<Piece> pieces;
  bool code = false;           // holds a token
  bool continuation = false;   // continues the statement of the line before
  bool starts_closer = false;  // begins with `)`, `]` or `}`
  bool multiline = false;      // a block comment spans lines
  int net_open = 0;            // brackets opened minus closed
  int indent = 0;              // in levels
  Block block = Block::Top;    // innermost block at the line's start
  std::string body;            // laid-out text without indentation and trailing comment
  std::string trailing;        // a trailing `//` comment
};

struct Open {
  char bracket;
  Block block;
  int indent;  // of the line that opened it
};

class Formatter {
 public:
  explicit Formatter(const SourceFile& f) : f_(f) {}

  std::string run() {
    split_lines();
    indent_lines();
    for (auto& l : lines_) lay_out(l);
    align_assignments();
    align_report_labels();
    align_comments();
    return join();
  }

 private:
  const SourceFile& f_;
  std::vector<Line> lines_;

  std::string_view text(int token) const {
    const auto& t = f_.tokens[token];
    return std::string_view(f_.text).substr(t.begin, t.end - t.begin);
  }
  bool is(int token, std::string_view s) const { return token >= 0 && token < count() && text(token) == s; }
  int count() const { return static_cast<int>(f_.tokens.size()); }
  bool is_word(int token) const {
    auto t = text(token);
    return !t.empty() && (std::isalpha(static_cast<unsigned char>(t[0])) || t[0] == '_');
  }
  bool is_opener(int token) const { return is(token, "(") || is(token, "[") || is(token, "{"); }
  bool is_closer(int token) const { return is(token, ")") || is(token, "]") || is(token, "}"); }

  // ------------------------------------------------------------ lines

  void new_line() { lines_.emplace_back(); }

  void scan(uint32_t from, uint32_t to) {
    scan_gap(f_.text, from, to, [&] { new_line(); },
             [&](std::string body, bool line) { lines_.back().pieces.push_back(Piece{-1, std::move(body), line}); });
  }

  void split_lines() {
    new_line();
    uint32_t at = 0;
    for (int t = 0; t < count(); ++t) {
      scan(at, f_.tokens[t].begin);
      lines_.back().pieces.push_back(Piece{t, {}, false});
      at = f_.tokens[t].end;
    }
    scan(at, static_cast<uint32_t>(f_.text.size()));
  }

  // ------------------------------------------------------------ indentation

  // Tokens that cannot end a statement: a line ending with one continues on the next.
  bool cannot_end(int token) const {
    static const std::set<std::string_view> keywords = {
        "import", "dimension", "unit", "type", "let", "fn", "report", "sweep", "simulate",
        "assert", "in", "if", "then", "else", "with", "and", "or", "not"};
    auto t = text(token);
    if (f_.tokens[token].infix) return true;
    if (is_word(token)) return keywords.count(t) > 0;
    if (t[0] == '"' || std::isdigit(static_cast<unsigned char>(t[0]))) return false;
    return !(t == ")" || t == "]" || t == "}" || t == "%" || t == "$");
  }

  // What kind of block a `{` opens, from the tokens before it and the item it is in.
  Block block_of(const std::vector<Open>& stack, int item_start, bool assigned, int brace) const {
    if (!stack.empty()) return Block::Record;  // record literals and `with` inside expressions
    if (is(item_start, "report")) return Block::Report;
    // `sweep "title" {`, also bound: `let pick = sweep "title" {`.
    if (brace >= 2 && (is(brace - 2, "sweep") || is(brace - 2, "simulate")) && text(brace - 1)[0] == '"')
      return Block::Study;
    if (is(item_start, "type")) return Block::Type;
    if (is(item_start, "fn") && !assigned) return Block::FnBody;
    return Block::Record;
  }

  // A block's lines one level in; a wrapped argument or parameter list two, so that it
  // never lines up with the body that follows it (`fn f(a: T,` / `    b: T) =` / `  body`).
  static int content_indent(const Open& o) { return o.indent + (o.bracket == '{' ? 1 : 2); }

  void indent_lines() {
    std::vector<Open> stack;
    int item_start = -1;     // the first token of the current top-level item
    bool assigned = false;   // a `=` at top level since item_start (`fn f() = R { ... }`)
    int prev_token = -1;     // the last token of the previous code line
    for (auto& l : lines_) {
      for (const auto& p : l.pieces) {
        if (p.token >= 0) l.code = true;
        if (p.token < 0 && p.comment.find('\n') != std::string::npos) l.multiline = true;
      }
      l.block = stack.empty() ? Block::Top : stack.back().block;
      int base = stack.empty() ? 0 : content_indent(stack.back());
      if (!l.code) {
        l.indent = base;
        continue;
      }
      int first = -1;
      for (const auto& p : l.pieces)
        if (p.token >= 0) {
          first = p.token;
          break;
        }
      l.starts_closer = is_closer(first);
      if (l.starts_closer) {
        l.indent = stack.empty() ? 0 : stack.back().indent;
      } else {
        l.indent = base;
        bool statement_level = l.block == Block::Top || (stack.back().bracket == '{');
        if (statement_level && prev_token >= 0 && !is_opener(prev_token)) {
          bool entries = l.block == Block::Record || l.block == Block::Report || l.block == Block::Type;
          bool cont = f_.tokens[first].infix || is(first, "=") || is(first, ":");
          if (is(prev_token, ",")) cont = cont || !entries;
          else cont = cont || cannot_end(prev_token);
          l.continuation = cont;
          if (cont) l.indent += kContinuation;
        }
      }
      const size_t depth_at_start = stack.size();
      size_t lowest = depth_at_start;  // the shallowest depth the line reached so far
      for (const auto& p : l.pieces) {
        int t = p.token;
        if (t < 0) continue;
        if (stack.empty() && !l.continuation && t == first) {
          if (!is(t, "@")) {
            item_start = t;
            assigned = false;
          }
        }
        if (stack.empty() && is(t, "=")) assigned = true;
        if (is_opener(t)) {
          char b = text(t)[0];
          Block k = b == '{' ? block_of(stack, item_start, assigned, t) : Block::Paren;
          // A bracket's contents are indented one level past the line that opened it;
          // but a line that first closes brackets opened on earlier lines (`  b) -> T {`
          // ending a wrapped parameter list) opens at the depth it fell back to.
          int anchor = lowest < depth_at_start ? (lowest == 0 ? 0 : content_indent(stack[lowest - 1])) : l.indent;
          stack.push_back(Open{b, k, anchor});
          ++l.net_open;
        } else if (is_closer(t)) {
          if (!stack.empty()) stack.pop_back();
          lowest = std::min(lowest, stack.size());
          --l.net_open;
        }
        prev_token = t;
      }
    }
    // A comment line takes the indentation of the code it precedes, unless that code
    // closes the block the comment sits in.
    int next_indent = -1;
    bool next_closes = false;
    for (auto it = lines_.rbegin(); it != lines_.rend(); ++it) {
      if (it->code) {
        next_indent = it->indent;
        next_closes = it->starts_closer;
      } else if (!it->pieces.empty() && next_indent >= 0 && !next_closes) {
        it->indent = next_indent;
      }
    }
  }

  // ------------------------------------------------------------ one line

  void lay_out(Line& l) {
    auto pieces = l.pieces;
    if (l.code && !pieces.empty() && pieces.back().line_comment) {
      l.trailing = pieces.back().comment;
      pieces.pop_back();
    }
    std::string out;
    const Piece* prev = nullptr;
    for (const auto& p : pieces) {
      if (prev != nullptr) {
        bool tight = p.token >= 0 && prev->token >= 0 && !f_.tokens[p.token].space_before;
        if (!tight) out += ' ';
      }
      if (p.token >= 0) out += text(p.token);
      else out += p.comment;
      prev = &p;
    }
    l.body = std::move(out);
  }

  // The tokens of a line, in order.
  std::vector<int> tokens_of(const Line& l) const {
    std::vector<int> v;
    for (const auto& p : l.pieces)
      if (p.token >= 0) v.push_back(p.token);
    return v;
  }

  // A line that can join an alignment run: one whole entry on one line.
  bool alignable(const Line& l) const {
    return l.code && !l.continuation && !l.starts_closer && !l.multiline && l.net_open == 0 &&
           l.pieces.front().token >= 0;
  }

  // Runs of consecutive lines with the same indentation for which `key` gives a width
  // (the part to pad); `pad` then rewrites each line given the run's widest key.
  template <class Key, class Pad>
  void align_runs(Key key, Pad pad) {
    size_t i = 0;
    while (i < lines_.size()) {
      auto k = key(lines_[i]);
      if (!k) {
        ++i;
        continue;
      }
      size_t j = i + 1;
      size_t width = *k, narrowest = *k;
      while (j < lines_.size() && lines_[j].indent == lines_[i].indent) {
        auto kj = key(lines_[j]);
        if (!kj) break;
        width = std::max(width, *kj);
        narrowest = std::min(narrowest, *kj);
        ++j;
      }
      if (width - narrowest <= kMaxAlignSpread)
        for (size_t m = i; m < j; ++m) pad(lines_[m], width);
      i = j;
    }
  }

  // `name = value` and `let name = value`: the `=` in one column.
  void align_assignments() {
    auto key = [&](const Line& l) -> std::optional<size_t> {
      if (!alignable(l)) return std::nullopt;
      auto t = tokens_of(l);
      size_t eq = 0;
      // Record fields and named arguments; `let`s at the top level only (a function body or
      // a study reads as steps of a computation, not as a table).
      if ((l.block == Block::Record || l.block == Block::Paren) && t.size() >= 3 && is_word(t[0]) && is(t[1], "=")) eq = 1;
      else if (l.block == Block::Top && t.size() >= 4 && is(t[0], "let") && is_word(t[1]) && is(t[2], "=")) eq = 2;
      else return std::nullopt;
      size_t w = 0;
      for (size_t k = 0; k < eq; ++k) w += text(t[k]).size() + (k > 0 ? 1 : 0);
      return w;
    };
    align_runs(key, [&](Line& l, size_t width) {
      size_t w = *key(l);
      l.body.insert(w, width - w, ' ');
    });
  }

  // `label: value` in a report: the values in one column.
  void align_report_labels() {
    auto key = [&](const Line& l) -> std::optional<size_t> {
      if (!alignable(l) || l.block != Block::Report) return std::nullopt;
      auto t = tokens_of(l);
      if (t.size() < 3 || !is(t[1], ":") || !(is_word(t[0]) || text(t[0])[0] == '"')) return std::nullopt;
      return text(t[0]).size() + 1;
    };
    align_runs(key, [&](Line& l, size_t width) {
      size_t w = *key(l);
      l.body.insert(w, width - w, ' ');
    });
  }

  // Trailing comments in one column down a run of lines of one indentation; lines
  // without a comment stay in the run, a blank line, a comment line or a change of
  // indentation ends it.
  void align_comments() {
    size_t i = 0;
    while (i < lines_.size()) {
      if (!lines_[i].code || lines_[i].multiline) {
        ++i;
        continue;
      }
      size_t j = i;
      size_t width = 0;
      while (j < lines_.size() && lines_[j].code && !lines_[j].multiline && lines_[j].indent == lines_[i].indent) {
        if (!lines_[j].trailing.empty()) width = std::max(width, lines_[j].body.size());
        ++j;
      }
      for (size_t m = i; m < j; ++m) {
        auto& l = lines_[m];
        if (!l.trailing.empty()) {
          l.body += std::string(width - l.body.size() + kCommentGap, ' ');
          l.body += l.trailing;
          l.trailing.clear();
        }
      }
      i = j;
    }
  }

  // ------------------------------------------------------------ output

  bool ends_opener(const Line& l) const {
    auto t = tokens_of(l);
    return !t.empty() && is_opener(t.back());
  }

  std::string join() {
    std::string out;
    bool pending_blank = false;
    const Line* prev = nullptr;
    for (const auto& l : lines_) {
      if (l.pieces.empty()) {
        pending_blank = prev != nullptr;
        continue;
      }
      if (pending_blank && !(prev->code && ends_opener(*prev)) && !l.starts_closer) out += '\n';
      pending_blank = false;
      out += std::string(static_cast<size_t>(l.indent * kIndent), ' ');
      out += l.body;
      out += '\n';
      prev = &l;
    }
    return out;
  }
};

// What must survive formatting: each token's text, whether it shares a line with the
// token before, and every comment.
struct Fingerprint {
  std::vector<std::string> tokens;
  std::vector<bool> same_line;
  std::vector<std::string> comments;
  bool operator==(const Fingerprint&) const = default;
};

Fingerprint fingerprint(const SourceFile& f) {
  Fingerprint fp;
  auto line_of = [&](uint32_t at) { return f.line_col(at).line; };
  uint32_t at = 0;
  auto gap = [&](uint32_t from, uint32_t to) {
    scan_gap(f.text, from, to, [] {}, [&](std::string body, bool) { fp.comments.push_back(std::move(body)); });
  };
  for (size_t k = 0; k < f.tokens.size(); ++k) {
    const auto& t = f.tokens[k];
    gap(at, t.begin);
    fp.tokens.push_back(f.text.substr(t.begin, t.end - t.begin));
    fp.same_line.push_back(k > 0 && line_of(f.tokens[k - 1].begin) == line_of(t.begin));
    at = t.end;
  }
  gap(at, static_cast<uint32_t>(f.text.size()));
  return fp;
}

}  // namespace

FormatResult format_file(FileId file, SourceManager& sm, Diagnostics& diags) {
  auto before = parse(file, sm, diags);
  if (before == nullptr) return {};
  const SourceFile& src = sm.file(file);
  std::string once = Formatter(src).run();
  // Check the work on a scratch copy: the same syntax tree (so the same meaning), the same
  // comments, and formatting it again changes nothing.
  SourceManager scratch;
  Diagnostics quiet(scratch);
  FileId again = scratch.add(src.path, once);
  auto after = parse(again, scratch, quiet);
  if (after == nullptr) return {std::nullopt, "the formatted text no longer parses"};
  if (print_ast(*before, sm) != print_ast(*after, scratch))
    return {std::nullopt, "the formatted text would parse to a different syntax tree"};
  if (!(fingerprint(src) == fingerprint(scratch.file(again))))
    return {std::nullopt, "formatting would change the tokens, line breaks or comments"};
  if (Formatter(scratch.file(again)).run() != once)
    return {std::nullopt, "the layout is not stable: formatting twice gives a different text"};
  return {std::move(once), {}};
}

}  // namespace tco::syntax
