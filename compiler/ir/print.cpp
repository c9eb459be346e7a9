// `--emit=ir`: a readable, deterministic listing of every kernel.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/ir/ir.h"

namespace tco::ir {

const char* op_name(Op op) {
  switch (op) {
    case Op::Const: return "const";
    case Op::Index: return "index";
    case Op::Uniform: return "uniform";
    case Op::Table: return "table";
    case Op::Neg: return "neg";
    case Op::Not: return "not";
    case Op::Sqrt: return "sqrt";
    case Op::Ln: return "ln";
    case Op::Exp: return "exp";
    case Op::Log10: return "log10";
    case Op::Log2: return "log2";
    case Op::Floor: return "floor";
    case Op::Ceil: return "ceil";
    case Op::Round: return "round";
    case Op::Abs: return "abs";
    case Op::Cos: return "cos";
    case Op::Sin: return "sin";
    case Op::Add: return "add";
    case Op::Sub: return "sub";
    case Op::Mul: return "mul";
    case Op::Div: return "div";
    case Op::Pow: return "pow";
    case Op::Min: return "min";
    case Op::Max: return "max";
    case Op::Lt: return "lt";
    case Op::Le: return "le";
    case Op::Gt: return "gt";
    case Op::Ge: return "ge";
    case Op::Eq: return "eq";
    case Op::Ne: return "ne";
    case Op::And: return "and";
    case Op::Or: return "or";
    case Op::Select: return "select";
    case Op::SearchBegin: return "search";
    case Op::SearchEnd: return "found";
  }
  return "?";
}

uint64_t Kernel::points() const {
  uint64_t n = 1;
  for (const auto& a : axes) {
    if (a.size != 0 && n > UINT64_MAX / a.size) return UINT64_MAX;
    n *= a.size;
  }
  return n;
}

static void print_kernel(const Kernel& k, const Program& p, std::string& out) {
  for (size_t t = 0; t < k.tables.size(); ++t) {
    auto read = std::find_if(k.reads.begin(), k.reads.end(), [&](const StudyRead& r) { return r.table == t; });
    if (read != k.reads.end()) {
      const auto& s = p.studies[read->study];
      out += fmt::format("  table t{} = the result of `{}` ({} column{})\n", t, s.binding, k.tables[t].size(),
                         k.tables[t].size() == 1 ? "" : "s");
      continue;
    }
    out += fmt::format("  table t{} = [", t);
    for (size_t i = 0; i < k.tables[t].size(); ++i) out += fmt::format("{}{}", i ? ", " : "", k.tables[t][i]);
    out += "]\n";
  }
  for (size_t a = 0; a < k.axes.size(); ++a) out += fmt::format("  axis {} `{}`: {} points\n", a, k.axes[a].name, k.axes[a].size);
  size_t depth = 1;  // a search's body is indented under it
  for (size_t i = 0; i < k.insts.size(); ++i) {
    const Inst& in = k.insts[i];
    if (in.op == Op::SearchEnd && depth > 1) --depth;
    out += fmt::format("{:{}}%{} = {}", "", depth * 2, i, op_name(in.op));
    if (in.op == Op::SearchBegin) ++depth;
    switch (in.op) {
      case Op::Const: out += fmt::format(" {}", in.imm); break;
      case Op::Index: out += fmt::format(" axis{}", in.a); break;
      case Op::Uniform: out += fmt::format(" stream{}", in.a); break;
      case Op::Table: out += fmt::format(" t{}[%{}]", in.a, in.b); break;
      case Op::SearchBegin: out += fmt::format(" {} of %{} {{", in.imm != 0 ? "largest" : "smallest", in.a); break;
      case Op::SearchEnd: out += fmt::format(" %{} where %{} }}", in.a, in.b); break;
      default: {
        int n = op_arity(in.op);
        out += fmt::format(" %{}", in.a);
        if (n >= 2) out += fmt::format(", %{}", in.b);
        if (n >= 3) out += fmt::format(", %{}", in.c);
      }
    }
    out += "\n";
  }
  auto list = [&](const char* what, const std::vector<ValueId>& v) {
    if (v.empty()) return;
    out += fmt::format("  {}:", what);
    for (auto id : v) out += fmt::format(" %{}", id);
    out += "\n";
  };
  list("where", k.where);
  list("objectives", k.objectives);
  list("keys", k.keys);
  if (k.key_axis >= 0) out += fmt::format("  keys depend only on axis {}\n", k.key_axis);
  list("outputs", k.outputs);
}

std::string print(const Program& p) {
  std::string out;
  for (const auto& ref : p.order) {
    switch (ref.kind) {
      case ItemKind::Report: {
        const auto& r = p.reports[ref.index];
        out += fmt::format("report \"{}\"\n", r.title);
        print_kernel(r.kernel, p, out);
        break;
      }
      case ItemKind::Study: {
        const auto& s = p.studies[ref.index];
        out += fmt::format("{} \"{}\"{}\n", s.simulation ? "simulate" : "sweep", s.title,
                           s.simulation ? fmt::format(" seed {}", s.kernel.seed) : "");
        print_kernel(s.kernel, p, out);
        if (s.post) {
          out += "  then its columns, from the summarised row:\n";
          print_kernel(*s.post, p, out);
        }
        break;
      }
      case ItemKind::Assert: {
        const auto& a = p.asserts[ref.index];
        out += fmt::format("assert \"{}\"\n", a.message);
        print_kernel(a.kernel, p, out);
        break;
      }
    }
    out += "\n";
  }
  for (size_t i = 0; i < p.strings.size(); ++i) out += fmt::format("string {} = \"{}\"\n", i, p.strings[i]);
  return out;
}

}  // namespace tco::ir
