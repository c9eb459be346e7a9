// Parse tree -> AST. Typed functions over the generated contexts (no visitors).
// Left-recursive chains (`a + b + c ...`, `x.a.b.c ...`) are walked with a loop, never
// recursion, so a 100,000-term chain cannot overflow the stack; everything that does
// recurse (brackets, prefix operators, `^`, `if`) was bounded by parse.cpp's nesting check.
// This file builds items and studies; build_expr.cpp their expressions and units.
#include <fmt/format.h>

#include "compiler/syntax/builder.h"
#include "compiler/syntax/errors.h"

namespace tco::syntax::detail {

// ---------------------------------------------------------------- Env

Env::Env(FileId file, const std::string& text, Diagnostics& diags)
    : file_(file), text_(text), diags_(&diags) {
  bool ascii = true;
  for (unsigned char c : text)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return;
  offsets_.reserve(text.size() + 1);
  // ANTLRInputStream drops a leading UTF-8 byte order mark: its code point 0 is the byte
  // after it (found by fuzzing: every span of such a file was 3 bytes early).
  uint32_t start = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (uint32_t i = start; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets_.push_back(i);
  offsets_.push_back(static_cast<uint32_t>(text.size()));
}

uint32_t Env::byte(size_t cp) const {
  if (offsets_.empty()) return static_cast<uint32_t>(std::min(cp, text_.size()));
  return offsets_[std::min(cp, offsets_.size() - 1)];
}

Span Env::span(Token* t) const {
  if (t == nullptr || t->getType() == Token::EOF) return eof_span();
  return Span{file_, byte(t->getStartIndex()), byte(t->getStopIndex() + 1)};
}

Span Env::span(ParserRuleContext* c) const {
  Token* a = c->getStart();
  Token* b = c->getStop();
  Span s = span(a);
  if (b != nullptr && b->getType() != Token::EOF && b->getTokenIndex() >= a->getTokenIndex())
    s.end = byte(b->getStopIndex() + 1);
  return s;
}

Span Env::eof_span() const {
  // The last character of the last real token: where the missing piece belongs.
  uint32_t end = static_cast<uint32_t>(text_.size());
  if (tokens_ != nullptr) {
    for (size_t i = tokens_->size(); i-- > 0;) {
      Token* t = tokens_->get(i);
      if (t->getType() != Token::EOF) {
        end = byte(t->getStopIndex() + 1);
        break;
      }
    }
  }
  if (end == 0) return Span{file_, 0, 0};
  uint32_t begin = end - 1;
  while (begin > 0 && (static_cast<unsigned char>(text_[begin]) & 0xC0) == 0x80) --begin;
  return Span{file_, begin, end};
}

Token* Env::previous(Token* t) const {
  size_t i = t->getTokenIndex();
  return i == 0 ? nullptr : tokens_->get(i - 1);
}


// ---------------------------------------------------------------- separators

// Elements of a `{ ... }` block are separated by newlines (or commas where comma_ok).
void Builder::check_separated(const std::vector<ParserRuleContext*>& elems, bool comma_ok,
                              const char* what) {
  for (size_t i = 1; i < elems.size(); ++i) {
    Token* start = elems[i]->getStart();
    Token* prev = env_.previous(start);
    if (prev == nullptr) continue;
    if (comma_ok && prev->getType() == P::COMMA) continue;
    if (prev->getLine() != start->getLine()) continue;
    error(span(start),
          fmt::format("expected {} before {}", comma_ok ? "`,` or a new line" : "a new line",
                      describe_token(start)),
          fmt::format("{} are separated by {}", what, comma_ok ? "commas or new lines" : "new lines"));
    return;
  }
}


// ---------------------------------------------------------------- items

std::string Builder::label(P::LabelContext* c) {
  if (c->STRING() != nullptr) return string_value(c->STRING()->getSymbol());
  return name(c->name());
}

ast::LetDecl Builder::let(P::LetDeclContext* c) {
  ast::LetDecl d;
  auto* name = child<P::IdentContext>(c, P::RuleIdent);
  d.name = name->getStart()->getText();
  d.span = span(name);
  if (auto* declared = child<P::TypeExprContext>(c, P::RuleTypeExpr)) d.declared = type(declared);
  if (auto* bound = c->boundStudy()) {
    // item() takes the top-level ones; a study cannot be bound inside a function or a study.
    error(Span::cover(span(bound->kind), span(bound->STRING())),
          fmt::format("a {} can be bound only at the top level of a plan", bound->kind->getText()),
          "move it out, next to the reports and asserts that use its result");
    d.value = make(ExprKind::Bool, span(bound->kind));
    return d;
  }
  d.value = expr(child<P::ExprContext>(c, P::RuleExpr));
  return d;
}

// Splits `e -> unit` into the value and its display unit (reports and `show`).
static void unwrap_convert(ExprPtr& value, std::optional<ast::Product>& unit) {
  if (value->kind != ExprKind::Convert) return;
  unit = std::move(value->unit);
  ExprPtr inner = std::move(value->a);
  value = std::move(inner);
}

ast::Study& Builder::study(ParserRuleContext* c, Token* title, const std::vector<P::StudyStmtContext*>& stmts,
                    bool simulation, ast::Module& m) {
  ast::Study s;
  s.is_simulation = simulation;
  s.title = string_value(title);
  s.span = Span::cover(span(c->getStart()), span(title));
  check_separated(as_rules(stmts), false, "statements");
  const char* what = simulation ? "simulate" : "sweep";
  bool have_over = false, have_samples = false;
  for (auto* st : stmts) {
    if (auto* o = as<P::OverStmtContext>(st)) {
      if (simulation) {
        error(span(o->OVER()), "`over` is only allowed in `sweep`",
              "a simulation draws its inputs from distributions: `let x = uniform(a, b)`");
      } else if (have_over) {
        error(span(o->OVER()), "a sweep has one `over` clause",
              "list every axis in it, separated by commas: `over a in [...], b in 1 .. 8`");
      }
      have_over = true;
      for (auto* ax : o->axis()) {
        ast::Axis a;
        a.name = ax->ident()->getStart()->getText();
        a.span = span(ax);
        if (auto* r = as<P::RangeValuesContext>(ax->axisValues())) {
          a.values = range(r);
        } else {
          a.values = expr(as<P::ExprValuesContext>(ax->axisValues())->expr());
        }
        s.axes.push_back(std::move(a));
      }
    } else if (auto* sm = as<P::SamplesStmtContext>(st)) {
      if (!simulation) {
        error(span(sm->SAMPLES()), "`samples` is only allowed in `simulate`");
      } else if (have_samples) {
        error(span(sm->SAMPLES()), "`samples` is given twice");
      }
      have_samples = true;
      s.samples = expr(sm->expr(0));
      if (sm->expr().size() > 1) s.seed = expr(sm->expr(1));
      s.samples_span = span(sm);
    } else if (auto* l = as<P::LetStmtContext>(st)) {
      s.lets.push_back(let(l->letDecl()));
    } else if (auto* w = as<P::WhereStmtContext>(st)) {
      s.where.push_back(expr(w->expr()));
    } else if (auto* sh = as<P::ShowStmtContext>(st)) {
      for (auto* it : sh->showItem()) {
        ast::ShowItem item;
        if (it->label() != nullptr) item.label = label(it->label());
        item.span = span(it);
        item.value = expr(it->expr());
        unwrap_convert(item.value, item.unit);
        s.show.push_back(std::move(item));
      }
    } else {
      // a reduction
      if (s.reduction.kind != ast::ReductionKind::None) {
        error(span(st->getStart()), fmt::format("a {} has one reduction; `{}` follows another", what, st->getStart()->getText()),
              "choose one of `best`, `top` and `pareto`");
      }
      ast::Reduction r;
      r.span = span(st);
      if (auto* b = as<P::BestStmtContext>(st)) {
        r.kind = ast::ReductionKind::Best;
        ast::Objective o;
        o.dir = direction(b->direction());
        o.value = expr(b->expr(0));
        o.span = Span::cover(span(b->direction()), o.value->span);
        r.objectives.push_back(std::move(o));
        for (size_t i = 1; i < b->expr().size(); ++i) r.by.push_back(expr(b->expr(i)));
      } else if (auto* t = as<P::TopStmtContext>(st)) {
        r.kind = ast::ReductionKind::Top;
        r.count = expr(t->expr(0));
        ast::Objective o;
        o.dir = direction(t->direction());
        o.value = expr(t->expr(1));
        o.span = Span::cover(span(t->direction()), o.value->span);
        r.objectives.push_back(std::move(o));
      } else if (auto* p = as<P::ParetoStmtContext>(st)) {
        r.kind = ast::ReductionKind::Pareto;
        for (auto* ob : p->objective()) {
          ast::Objective o;
          o.dir = direction(ob->direction());
          o.value = expr(ob->expr());
          o.span = span(ob);
          r.objectives.push_back(std::move(o));
        }
        if (r.objectives.size() != 2) {
          error(r.span, fmt::format("`pareto` takes exactly two objectives, found {}", r.objectives.size()),
                "write `pareto max a, min b`");
        }
      }
      if (s.reduction.kind == ast::ReductionKind::None) s.reduction = std::move(r);
    }
  }
  m.items.push_back(ast::Item{ast::ItemKind::Study, m.studies.size()});
  m.studies.push_back(std::move(s));
  return m.studies.back();
}

void Builder::item(P::ItemContext* c, ast::Module& m) {
  if (auto* i = as<P::ImportItemContext>(c)) {
    m.items.push_back(ast::Item{ast::ItemKind::Import, m.imports.size()});
    m.imports.push_back(ast::Import{i->IDENT()->getText(), span(i->IDENT())});
    return;
  }
  if (auto* d = as<P::DimensionItemContext>(c)) {
    ast::DimensionDecl decl;
    decl.name = d->IDENT()->getText();
    decl.span = span(d->IDENT());
    if (d->product() != nullptr) decl.definition = product(d->product());
    m.items.push_back(ast::Item{ast::ItemKind::Dimension, m.dimensions.size()});
    m.dimensions.push_back(std::move(decl));
    return;
  }
  if (auto* u = as<P::UnitItemContext>(c)) {
    ast::UnitDecl decl;
    decl.name = u->unitName()->getStart()->getText();
    decl.span = span(u->unitName());
    for (auto* dec : u->decorator()) {
      std::string n = dec->IDENT(0)->getText();
      if (n != "prefixes") {
        error(Span::cover(span(dec->AT()), span(dec->IDENT(0))), fmt::format("unknown decorator `@{}`", n),
              "the decorator of units is `@prefixes(si, binary)`");
        continue;
      }
      auto ids = dec->IDENT();
      for (size_t k = 1; k < ids.size(); ++k) {
        std::string set = ids[k]->getText();
        if (set != "si" && set != "binary") {
          error(span(ids[k]), fmt::format("unknown prefix set `{}`", set),
                "the prefix sets are `si` (k, M, G, ...) and `binary` (Ki, Mi, Gi, ...)");
          continue;
        }
        decl.prefixes.push_back(set);
      }
    }
    if (u->product() != nullptr) decl.base_of = product(u->product());
    if (u->expr() != nullptr) decl.definition = expr(u->expr());
    m.items.push_back(ast::Item{ast::ItemKind::Unit, m.units.size()});
    m.units.push_back(std::move(decl));
    return;
  }
  if (auto* t = as<P::TypeItemContext>(c)) {
    ast::TypeDecl decl;
    decl.name = t->IDENT()->getText();
    decl.span = span(t->IDENT());
    check_separated(as_rules(t->fieldDecl()), true, "fields");
    for (auto* f : t->fieldDecl()) {
      ast::FieldDecl fd;
      fd.name = name(f->name());
      fd.span = span(f->name());
      fd.type = type(f->typeExpr());
      if (f->expr() != nullptr) fd.default_value = expr(f->expr());
      decl.fields.push_back(std::move(fd));
    }
    m.items.push_back(ast::Item{ast::ItemKind::Type, m.types.size()});
    m.types.push_back(std::move(decl));
    return;
  }
  if (auto* l = as<P::LetItemContext>(c); l != nullptr && l->letDecl()->boundStudy() != nullptr) {
    auto* d = l->letDecl();
    auto* b = d->boundStudy();
    if (d->typeExpr() != nullptr)
      error(span(d->typeExpr()), "a bound study's type is its result's, and cannot be declared",
            fmt::format("write `let {} = {} ...`", d->ident()->getStart()->getText(), b->kind->getText()));
    ast::Study& st = study(d, b->STRING()->getSymbol(), b->studyStmt(), b->kind->getType() == P::SIMULATE, m);
    st.binding = d->ident()->getStart()->getText();
    st.binding_span = span(d->ident());
    return;
  }
  if (as<P::LetItemContext>(c)) {
    m.items.push_back(ast::Item{ast::ItemKind::Let, m.lets.size()});
    m.lets.push_back(let(child<P::LetDeclContext>(c, P::RuleLetDecl)));
    return;
  }
  if (auto* f = as<P::FnItemContext>(c)) {
    ast::FnDecl decl;
    decl.name = f->ident()->getStart()->getText();
    decl.span = span(f->ident());
    for (auto* p : f->param()) {
      ast::Param prm;
      prm.name = p->ident()->getStart()->getText();
      prm.span = span(p->ident());
      prm.type = type(p->typeExpr());
      if (p->expr() != nullptr) prm.default_value = expr(p->expr());
      decl.params.push_back(std::move(prm));
    }
    if (f->typeExpr() != nullptr) decl.result = type(f->typeExpr());
    if (auto* b = as<P::ExprBodyContext>(f->fnBody())) {
      decl.body = expr(b->expr());
    } else if (auto* b = as<P::BlockBodyContext>(f->fnBody())) {
      for (auto* l : b->letDecl()) decl.lets.push_back(let(l));
      decl.body = expr(b->expr());
    }
    m.items.push_back(ast::Item{ast::ItemKind::Fn, m.fns.size()});
    m.fns.push_back(std::move(decl));
    return;
  }
  if (auto* r = as<P::ReportItemContext>(c)) {
    ast::Report rep;
    rep.title = string_value(r->STRING()->getSymbol());
    rep.span = Span::cover(span(r->REPORT()), span(r->STRING()));
    check_separated(as_rules(r->reportEntry()), true, "report entries");
    for (auto* en : r->reportEntry()) {
      ast::ReportEntry e;
      e.label = label(en->label());
      e.label_span = span(en->label());
      e.value = expr(en->expr());
      unwrap_convert(e.value, e.unit);
      rep.entries.push_back(std::move(e));
    }
    m.items.push_back(ast::Item{ast::ItemKind::Report, m.reports.size()});
    m.reports.push_back(std::move(rep));
    return;
  }
  if (auto* s = as<P::SweepItemContext>(c)) {
    study(s, s->STRING()->getSymbol(), s->studyStmt(), false, m);
    return;
  }
  if (auto* s = as<P::SimulateItemContext>(c)) {
    study(s, s->STRING()->getSymbol(), s->studyStmt(), true, m);
    return;
  }
  if (auto* a = as<P::AssertItemContext>(c)) {
    ast::Assert as;
    as.condition = expr(a->expr());
    if (a->STRING() != nullptr) as.message = string_value(a->STRING()->getSymbol());
    as.span = span(a);
    m.items.push_back(ast::Item{ast::ItemKind::Assert, m.asserts.size()});
    m.asserts.push_back(std::move(as));
    return;
  }
  error(span(c), "unexpected item");
}


bool build_items(P::ModuleContext* tree, Env& env, ast::Module& m) {
  Builder b(env);
  for (auto* it : children<P::ItemContext>(tree, P::RuleItem)) {
    b.item(it, m);
    if (env.failed()) return false;
  }
  return true;
}

}  // namespace tco::syntax::detail
