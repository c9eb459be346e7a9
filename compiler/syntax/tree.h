// Private to compiler/syntax: type tests on ANTLR's parse tree. libstdc++'s dynamic_cast
// walks the class hierarchy comparing type names with strcmp, about a thousand instructions
// for each test that fails; the builder and the layout test every node against several
// alternatives, which made them slower than the parse itself. A node is always an object of
// one of the generated leaf classes (a labelled alternative's context, the context of a
// rule without labels) or a terminal, so one type_info comparison answers.
#pragma once
#include <antlr4-runtime.h>

#include <type_traits>
#include <typeinfo>
#include <vector>

namespace tco::syntax::detail {

// `t` as a T when T is its exact class (never a base class: `as<P::OpExprContext>` fails for
// every node, whose class is AddExprContext, MulExprContext ...), else nullptr.
// Compares the type_info objects' addresses: each of these classes has exactly one (its key
// function is defined in one place: the generated parser, or ANTLR's runtime library), and
// std::type_info's == would add a strcmp of the two names whenever the classes differ.
inline bool same_class(const std::type_info& a, const std::type_info& b) { return &a == &b; }

template <class T>
T* as(antlr4::tree::ParseTree* t) {
  if (t == nullptr || !same_class(typeid(*t), typeid(T))) return nullptr;
  // A terminal is reached through a virtual base, which only dynamic_cast can cross; on the
  // exact class it succeeds at its first comparison.
  if constexpr (std::is_base_of_v<antlr4::tree::TerminalNode, T>) return dynamic_cast<T*>(t);
  else return static_cast<T*>(t);
}

inline bool is_terminal(antlr4::tree::ParseTree* t) {
  return same_class(typeid(*t), typeid(antlr4::tree::TerminalNodeImpl));
}

// A terminal's token index, without a cast across TerminalNodeImpl's virtual base.
inline size_t token_index(antlr4::tree::ParseTree* terminal) {
  return static_cast<size_t>(terminal->getSourceInterval().a);
}

// The i-th child of `c` made by the rule numbered `rule` (TcoParser::RuleExpr ...), as the
// rule's context class T (for a rule with labelled alternatives, their common base): what
// the generated accessors (`c->expr()`) return, without their dynamic_casts. In a tree that
// parsed, a child that is not a terminal is a rule's context.
template <class T>
T* child(antlr4::ParserRuleContext* c, size_t rule, size_t i = 0) {
  for (antlr4::tree::ParseTree* ch : c->children) {
    if (is_terminal(ch)) continue;
    auto* r = static_cast<antlr4::ParserRuleContext*>(ch);
    if (r->getRuleIndex() == rule && i-- == 0) return static_cast<T*>(r);
  }
  return nullptr;
}

// Every child of `c` made by the rule numbered `rule`, in order (as `c->expr()` for a rule
// that may appear several times).
template <class T>
std::vector<T*> children(antlr4::ParserRuleContext* c, size_t rule) {
  std::vector<T*> out;
  for (antlr4::tree::ParseTree* ch : c->children)
    if (!is_terminal(ch) && static_cast<antlr4::ParserRuleContext*>(ch)->getRuleIndex() == rule)
      out.push_back(static_cast<T*>(static_cast<antlr4::ParserRuleContext*>(ch)));
  return out;
}

}  // namespace tco::syntax::detail
