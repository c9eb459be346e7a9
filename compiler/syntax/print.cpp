// print_ast (`--emit=ast`, golden tests) and span_text (column names of `show`).
// Expressions print on one line as s-expressions, e.g. `(/ (num 50 "GB") (num 2 "s"))`;
// items and their parts are indented two spaces per level. Expressions are printed
// with an explicit work stack, so a 100,000-term chain prints without deep recursion.
#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "compiler/syntax/parse.h"

namespace tco::syntax {

namespace {

using ast::Expr;
using ast::ExprKind;

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string number_text(double v) { return fmt::format("{}", v); }


std::string expr_text(const Expr* root) {
  if (root == nullptr) return "()";
  std::string out;
  // Work items: text to emit, or an expression to print.
  std::vector<std::variant<std::string, const Expr*>> work;
  work.emplace_back(root);
  while (!work.empty()) {
    auto w = std::move(work.back());
    work.pop_back();
    if (auto* s = std::get_if<std::string>(&w)) {
      out += *s;
      continue;
    }
    const Expr* e = std::get<const Expr*>(w);
    if (e == nullptr) {
      out += "()";
      continue;
    }
    // Children are pushed in reverse so that they come out in order.
    std::vector<std::variant<std::string, const Expr*>> seq;
    auto child = [&](const ast::ExprPtr& c) {
      seq.emplace_back(std::string(" "));
      seq.emplace_back(c.get());
    };
    auto args = [&]() {
      for (const auto& a : e->args) {
        if (a.name) {
          seq.emplace_back(" (= " + *a.name + " ");
          seq.emplace_back(a.value.get());
          seq.emplace_back(std::string(")"));
        } else {
          child(a.value);
        }
      }
    };
    switch (e->kind) {
      case ExprKind::Number:
        out += "(num " + number_text(e->number);
        if (!e->unit.empty() || !e->unit.text.empty()) out += " " + quote(e->unit.text);
        out += ")";
        break;
      case ExprKind::String: out += "(str " + quote(e->text) + ")"; break;
      case ExprKind::Bool: out += e->boolean ? "true" : "false"; break;
      case ExprKind::Name: out += e->text; break;
      case ExprKind::Field:
        seq.emplace_back(std::string("(. "));
        seq.emplace_back(e->a.get());
        seq.emplace_back(" " + e->text + ")");
        break;
      case ExprKind::Call:
        seq.emplace_back("(call " + e->text);
        args();
        seq.emplace_back(std::string(")"));
        break;
      case ExprKind::RecordLit:
        seq.emplace_back("(record " + e->text);
        args();
        seq.emplace_back(std::string(")"));
        break;
      case ExprKind::With:
        seq.emplace_back(std::string("(with "));
        seq.emplace_back(e->a.get());
        args();
        seq.emplace_back(std::string(")"));
        break;
      case ExprKind::Unary:
        seq.emplace_back(std::string(e->un == ast::UnOp::Neg ? "(neg" : "(not"));
        child(e->a);
        seq.emplace_back(std::string(")"));
        break;
      case ExprKind::Binary:
        seq.emplace_back("(" + std::string(ast::op_text(e->bin)));
        child(e->a);
        child(e->b);
        seq.emplace_back(std::string(")"));
        break;
      case ExprKind::If:
        seq.emplace_back(std::string("(if"));
        child(e->a);
        child(e->b);
        child(e->c);
        seq.emplace_back(std::string(")"));
        break;
      case ExprKind::Convert:
        seq.emplace_back(std::string("(-> "));
        seq.emplace_back(e->a.get());
        seq.emplace_back(" " + quote(e->unit.text) + ")");
        break;
      case ExprKind::List:
        seq.emplace_back(std::string("(list"));
        args();
        seq.emplace_back(std::string(")"));
        break;
      case ExprKind::Search:
        seq.emplace_back(std::string(e->largest ? "(largest " : "(smallest ") + e->text);
        child(e->a);
        child(e->b);
        seq.emplace_back(std::string(")"));
        break;
      case ExprKind::Range:
        seq.emplace_back(std::string("(range"));
        child(e->a);
        child(e->b);
        if (e->c) {
          seq.emplace_back(std::string(e->range == ast::RangeKind::Geometric ? " geometric" : " step"));
          child(e->c);
        }
        seq.emplace_back(std::string(")"));
        break;
    }
    for (auto it = seq.rbegin(); it != seq.rend(); ++it) work.push_back(std::move(*it));
  }
  return out;
}

class Printer {
 public:
  std::string out;

  void line(int depth, const std::string& s) {
    out.append(static_cast<size_t>(depth) * 2, ' ');
    out += s;
    out += '\n';
  }
  static std::string unit(const ast::Product& p) { return quote(p.text); }
  static std::string opt_expr(const ast::ExprPtr& e) { return e ? " " + expr_text(e.get()) : ""; }

  void let(int d, const ast::LetDecl& l) {
    line(d, "(let " + l.name + (l.declared ? " " + unit(l.declared->product) : "") + " " +
                expr_text(l.value.get()) + ")");
  }

  void module(const ast::Module& m) {
    line(0, "(module " + quote(m.name));
    for (const auto& it : m.items) {
      switch (it.kind) {
        case ast::ItemKind::Import: line(1, "(import " + m.imports[it.index].module + ")"); break;
        case ast::ItemKind::Dimension: {
          const auto& d = m.dimensions[it.index];
          line(1, "(dimension " + d.name + (d.definition ? " " + unit(*d.definition) : "") + ")");
          break;
        }
        case ast::ItemKind::Unit: {
          const auto& u = m.units[it.index];
          std::string s = "(unit " + u.name;
          if (u.base_of) s += " (base " + unit(*u.base_of) + ")";
          if (u.definition) s += " (= " + expr_text(u.definition.get()) + ")";
          if (!u.prefixes.empty()) {
            s += " (prefixes";
            for (const auto& p : u.prefixes) s += " " + p;
            s += ")";
          }
          line(1, s + ")");
          break;
        }
        case ast::ItemKind::Type: {
          const auto& t = m.types[it.index];
          line(1, "(type " + t.name);
          for (const auto& f : t.fields)
            line(2, "(field " + f.name + " " + unit(f.type.product) + opt_expr(f.default_value) + ")");
          line(1, ")");
          break;
        }
        case ast::ItemKind::Let: let(1, m.lets[it.index]); break;
        case ast::ItemKind::Fn: {
          const auto& f = m.fns[it.index];
          line(1, "(fn " + f.name);
          for (const auto& p : f.params)
            line(2, "(param " + p.name + " " + unit(p.type.product) + opt_expr(p.default_value) + ")");
          if (f.result) line(2, "(result " + unit(f.result->product) + ")");
          for (const auto& l : f.lets) let(2, l);
          line(2, "(body " + expr_text(f.body.get()) + ")");
          line(1, ")");
          break;
        }
        case ast::ItemKind::Report: {
          const auto& r = m.reports[it.index];
          line(1, "(report " + quote(r.title));
          for (const auto& e : r.entries)
            line(2, "(entry " + quote(e.label) + " " + expr_text(e.value.get()) +
                        (e.unit ? " " + unit(*e.unit) : "") + ")");
          line(1, ")");
          break;
        }
        case ast::ItemKind::Study: study(m.studies[it.index]); break;
        case ast::ItemKind::Assert: {
          const auto& a = m.asserts[it.index];
          line(1, "(assert " + expr_text(a.condition.get()) +
                      (a.message.empty() ? "" : " " + quote(a.message)) + ")");
          break;
        }
      }
    }
    line(0, ")");
  }

  void study(const ast::Study& s) {
    line(1, std::string(s.is_simulation ? "(simulate " : "(sweep ") + quote(s.title) +
                (s.binding.empty() ? "" : " (bound " + s.binding + ")"));
    for (const auto& a : s.axes) line(2, "(axis " + a.name + " " + expr_text(a.values.get()) + ")");
    if (s.samples || s.seed)
      line(2, "(samples" + opt_expr(s.samples) + (s.seed ? " (seed" + opt_expr(s.seed) + ")" : "") + ")");
    for (const auto& l : s.lets) let(2, l);
    for (const auto& w : s.where) line(2, "(where " + expr_text(w.get()) + ")");
    const auto& r = s.reduction;
    auto objective = [](const ast::Objective& o) {
      return std::string(o.dir == ast::Direction::Min ? "min " : "max ") + expr_text(o.value.get());
    };
    switch (r.kind) {
      case ast::ReductionKind::None: break;
      case ast::ReductionKind::Best: {
        std::string t = "(best " + (r.objectives.empty() ? "" : objective(r.objectives[0]));
        if (!r.by.empty()) {
          t += " (by";
          for (const auto& b : r.by) t += " " + expr_text(b.get());
          t += ")";
        }
        line(2, t + ")");
        break;
      }
      case ast::ReductionKind::Top:
        line(2, "(top" + opt_expr(r.count) + " " + (r.objectives.empty() ? "" : objective(r.objectives[0])) + ")");
        break;
      case ast::ReductionKind::Pareto: {
        std::string t = "(pareto";
        for (const auto& o : r.objectives) t += " (" + objective(o) + ")";
        line(2, t + ")");
        break;
      }
    }
    if (!s.show.empty()) {
      line(2, "(show");
      for (const auto& item : s.show)
        line(3, "(item " + (item.label ? quote(*item.label) + " " : "") + expr_text(item.value.get()) +
                    (item.unit ? " " + unit(*item.unit) : "") + ")");
      line(2, ")");
    }
    line(1, ")");
  }
};

}  // namespace

std::string print_ast(const ast::Module& m, const SourceManager&) {
  Printer p;
  p.module(m);
  return p.out;
}

std::string span_text(const SourceManager& sm, Span s) {
  const SourceFile& f = sm.file(s.file);
  if (!f.tokens.empty()) {
    auto it = std::lower_bound(f.tokens.begin(), f.tokens.end(), s.begin,
                               [](const SourceToken& t, uint32_t at) { return t.begin < at; });
    std::string out;
    for (; it != f.tokens.end() && it->end <= s.end; ++it) {
      if (!out.empty() && it->space_before) out += ' ';
      out.append(f.text, it->begin, it->end - it->begin);
    }
    if (!out.empty()) return out;
  }
  std::string_view v = sm.slice(s);
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

}  // namespace tco::syntax
