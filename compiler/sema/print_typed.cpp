#include "compiler/sema/print_typed.h"

#include <fmt/format.h>

namespace tco::sema {
namespace {

class Printer {
 public:
  explicit Printer(const Program& p) : p_(p) {}

  std::string type(const ast::Expr& e) const { return e.type ? type_name(e.type, p_.dims) : "?"; }

  std::string expr(const ast::Expr& e) const {
    using K = ast::ExprKind;
    switch (e.kind) {
      case K::Number:
        return e.unit.empty() ? fmt::format("{}", e.number) : fmt::format("({} {})", e.number, e.unit.text);
      case K::String: return fmt::format("\"{}\"", e.text);
      case K::Bool: return e.boolean ? "true" : "false";
      case K::Name: return e.text;
      case K::Field: return fmt::format("{}.{}", expr(*e.a), e.text);
      case K::Call:
      case K::RecordLit: {
        std::string s = e.text + (e.kind == K::Call ? "(" : " { ");
        for (size_t i = 0; i < e.args.size(); ++i) {
          if (i) s += ", ";
          if (e.args[i].name) s += *e.args[i].name + " = ";
          s += expr(*e.args[i].value);
        }
        return s + (e.kind == K::Call ? ")" : " }");
      }
      case K::With: {
        std::string s = expr(*e.a) + " with { ";
        for (size_t i = 0; i < e.args.size(); ++i)
          s += (i ? ", " : "") + *e.args[i].name + " = " + expr(*e.args[i].value);
        return s + " }";
      }
      case K::Unary: return fmt::format("({}{})", e.un == ast::UnOp::Neg ? "-" : "not ", expr(*e.a));
      case K::Binary: {
        return fmt::format("({} {} {})", expr(*e.a), ast::op_text(e.bin), expr(*e.b));
      }
      case K::If: return fmt::format("(if {} then {} else {})", expr(*e.a), expr(*e.b), expr(*e.c));
      case K::Convert: return fmt::format("({} -> {})", expr(*e.a), e.unit.text);
      case K::List: {
        std::string s = "[";
        for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + expr(*e.args[i].value);
        return s + "]";
      }
      case K::Search:
        return fmt::format("({} {} in {} where {})", e.largest ? "largest" : "smallest", e.text, expr(*e.a),
                           expr(*e.b));
      case K::Range:
        return fmt::format("{} .. {}{}", expr(*e.a), expr(*e.b),
                           e.c ? fmt::format(" {} {}", e.range == ast::RangeKind::Step ? "step" : "geometric", expr(*e.c))
                               : "");
    }
    return "?";
  }

  std::string run() {
    const ast::Module& m = p_.main_module();
    std::string out;
    for (const auto& item : m.items) {
      switch (item.kind) {
        case ast::ItemKind::Let: {
          const auto& l = m.lets[item.index];
          out += fmt::format("let {}: {} = {}\n", l.name, type(*l.value), expr(*l.value));
          break;
        }
        case ast::ItemKind::Fn: {
          const auto& f = m.fns[item.index];
          out += fmt::format("fn {}(", f.name);
          for (size_t i = 0; i < f.params.size(); ++i) out += (i ? ", " : "") + f.params[i].name + ": " + f.params[i].type.product.text;
          out += fmt::format(") -> {} {{\n", type(*f.body));
          for (const auto& l : f.lets) out += fmt::format("  let {}: {} = {}\n", l.name, type(*l.value), expr(*l.value));
          out += fmt::format("  {}\n}}\n", expr(*f.body));
          break;
        }
        case ast::ItemKind::Report: {
          const auto& r = m.reports[item.index];
          out += fmt::format("report \"{}\" {{\n", r.title);
          for (const auto& e : r.entries)
            out += fmt::format("  {}: {} = {}{}\n", e.label, type(*e.value), expr(*e.value),
                               e.unit ? " -> " + e.unit->text : "");
          out += "}\n";
          break;
        }
        case ast::ItemKind::Study: {
          const auto& s = m.studies[item.index];
          out += fmt::format("{} \"{}\" {{\n", s.is_simulation ? "simulate" : "sweep", s.title);
          for (const auto& a : s.axes) out += fmt::format("  over {}: {} in {}\n", a.name, type(*a.values), expr(*a.values));
          for (const auto& l : s.lets) out += fmt::format("  let {}: {} = {}\n", l.name, type(*l.value), expr(*l.value));
          for (const auto& w : s.where) out += fmt::format("  where {}\n", expr(*w));
          for (const auto& o : s.reduction.objectives)
            out += fmt::format("  objective {} {}: {}\n", o.dir == ast::Direction::Min ? "min" : "max", expr(*o.value), type(*o.value));
          for (const auto& sh : s.show)
            out += fmt::format("  show {}: {}{}\n", expr(*sh.value), type(*sh.value), sh.unit ? " -> " + sh.unit->text : "");
          out += "}\n";
          break;
        }
        case ast::ItemKind::Assert: {
          const auto& a = m.asserts[item.index];
          out += fmt::format("assert {}\n", expr(*a.condition));
          break;
        }
        default: break;
      }
    }
    return out;
  }

 private:
  const Program& p_;
};

}  // namespace

std::string print_typed(const Program& prog) { return Printer(prog).run(); }

}  // namespace tco::sema
