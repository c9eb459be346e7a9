// compiler/syntax: the design sketch, literals and units, precedence, newline rules,
// spans, and every diagnostic the parser reports.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "compiler/syntax/parse.h"

using namespace tco;
using ast::BinOp;
using ast::Expr;
using ast::ExprKind;

namespace {

// The design sketch, verbatim: the plan examples/support-bot.tco lays out with `tcoc fmt`.
const char* kSketch = R"tco(import gpus          // stdlib: H100_SXM, H200, B200, MI300X, ...
import models        // stdlib: Llama3_70B, DeepSeek_R1, ...
import workloads     // stdlib: Workload, Chat, RAG, ...
import pricing       // stdlib: Cloud, OnPrem
import serving       // stdlib: the inference performance model, written in .tco

let support = Workload {
  requests = 5M req/month
  input    = 800 tok/req
  output   = 200 tok/req
  tpot_slo = 50 ms
  ttft_slo = 2 s
}

let owned = OnPrem { power_price = $0.08/kWh, pue = 1.3, amortization = 4 yr }

let hopper    = serve(Llama3_70B, H100_SXM, FP8, support, owned, gpus = 8)
let blackwell = serve(Llama3_70B, B200,     FP4, support, owned, gpus = 8)

report "Support bot" {
  hopper:    hopper.cost_per_mtok -> $/Mtok
  blackwell: blackwell.cost_per_mtok -> $/Mtok
  saving:    hopper.monthly_cost - blackwell.monthly_cost -> $/month
}

sweep "Cheapest GPU per batch size meeting the SLO" {
  over gpu in [H100_SXM, H200, B200, MI300X], batch in 1 .. 512 geometric 2
  let s = serve(Llama3_70B, gpu, FP8, support, owned, gpus = 8, batch = batch)
  where s.tpot <= support.tpot_slo
  best min s.cost_per_mtok by gpu
  show gpu.name, batch, s.tokens_per_s_per_gpu -> tok/s, s.cost_per_mtok -> $/Mtok
}

sweep "Throughput vs interactivity" {
  over gpu in [H200, B200], precision in [FP8, FP4], batch in 1 .. 1024 geometric 2
  let s = serve(Llama3_70B, gpu, precision, support, owned, gpus = 8, batch = batch)
  where s.fits
  pareto max s.tokens_per_s_per_user, max s.tokens_per_s_per_gpu
  show gpu.name, precision.name, batch, s.tokens_per_s_per_user -> tok/s, s.tokens_per_s_per_gpu -> tok/s
}

simulate "Rental price risk" {
  samples 100000 seed 42
  let rent = uniform($1.80/hr, $3.20/hr)
  let util = triangular(40%, 60%, 85%)
  let cost = rent * 8 / (util * 12000 tok/s)
  show p10(cost) -> $/Mtok, p50(cost) -> $/Mtok, p90(cost) -> $/Mtok, mean(cost) -> $/Mtok
}

assert blackwell.cost_per_mtok < $1/Mtok, "Blackwell plan must stay under $1 per million tokens"
)tco";

struct Parsed {
  SourceManager sm;
  Diagnostics diags{sm};
  FileId file = 0;
  std::unique_ptr<ast::Module> module;

  const Diagnostic& first() const { return diags.list().at(0); }
  std::string code() const { return info(first().kind).code; }
  LineCol at() const { return sm.file(file).line_col(first().span().begin); }
  std::string text(Span s) const { return std::string(sm.slice(s)); }
};

std::unique_ptr<Parsed> parse_text(const std::string& text, const std::string& path = "plan.tco") {
  auto p = std::make_unique<Parsed>();
  p->file = p->sm.add(path, text);
  p->module = syntax::parse(p->file, p->sm, p->diags);
  return p;
}

// The value of `let <name> = ...` in a one-file module.
const Expr& let_value(const Parsed& p, const std::string& name) {
  for (const auto& l : p.module->lets)
    if (l.name == name) return *l.value;
  FAIL("no let " << name);
  throw 0;
}

// Parses `let x = <expr>` and returns the module holder.
std::unique_ptr<Parsed> parse_expr(const std::string& expr) {
  auto p = parse_text("let x = " + expr + "\n");
  if (p->module == nullptr) {
    for (const auto& d : p->diags.list()) UNSCOPED_INFO(d.message);
  }
  REQUIRE(p->module != nullptr);
  return p;
}

bool has_factor(const ast::Product& u, const std::string& name, int power) {
  for (const auto& f : u.factors)
    if (f.name == name && f.power == power) return true;
  return false;
}

void check_number(const Expr& e, double value, const std::string& unit) {
  REQUIRE(e.kind == ExprKind::Number);
  CHECK(e.number == Approx(value));
  CHECK(e.unit.text == unit);
}

}  // namespace

TEST_CASE("the design sketch parses", "[syntax]") {
  auto p = parse_text(kSketch);
  for (const auto& d : p->diags.list()) UNSCOPED_INFO(d.message);
  REQUIRE(p->module != nullptr);
  CHECK(p->diags.list().empty());
  const ast::Module& m = *p->module;
  CHECK(m.name == "plan");
  CHECK(m.items.size() == 14);
  CHECK(m.imports.size() == 5);
  CHECK(m.imports[4].module == "serving");
  CHECK(m.lets.size() == 4);
  CHECK(m.reports.size() == 1);
  CHECK(m.studies.size() == 3);
  CHECK(m.asserts.size() == 1);
  CHECK(m.items[5].kind == ast::ItemKind::Let);
  CHECK(m.items[9].kind == ast::ItemKind::Report);
  CHECK(m.items[13].kind == ast::ItemKind::Assert);

  SECTION("record literal fields separated by newlines") {
    const Expr& support = let_value(*p, "support");
    REQUIRE(support.kind == ExprKind::RecordLit);
    CHECK(support.text == "Workload");
    REQUIRE(support.args.size() == 5);
    CHECK(*support.args[0].name == "requests");
    check_number(*support.args[0].value, 5e6, "req/month");
    CHECK(has_factor(support.args[0].value->unit, "req", 1));
    CHECK(has_factor(support.args[0].value->unit, "month", -1));
    CHECK(support.args[0].value->unit.factors.size() == 2);
    CHECK(*support.args[1].name == "input");
    check_number(*support.args[1].value, 800, "tok/req");
    check_number(*support.args[3].value, 50, "ms");
    check_number(*support.args[4].value, 2, "s");
  }

  SECTION("money literals, calls with named arguments") {
    const Expr& owned = let_value(*p, "owned");
    REQUIRE(owned.args.size() == 3);
    const Expr& price = *owned.args[0].value;
    check_number(price, 0.08, "$/kWh");
    CHECK(has_factor(price.unit, "$", 1));
    CHECK(has_factor(price.unit, "kWh", -1));
    check_number(*owned.args[1].value, 1.3, "");
    CHECK(owned.args[1].value->unit.empty());

    const Expr& hopper = let_value(*p, "hopper");
    REQUIRE(hopper.kind == ExprKind::Call);
    CHECK(hopper.text == "serve");
    REQUIRE(hopper.args.size() == 6);
    CHECK_FALSE(hopper.args[0].name.has_value());
    CHECK(hopper.args[0].value->kind == ExprKind::Name);
    CHECK(*hopper.args[5].name == "gpus");
    check_number(*hopper.args[5].value, 8, "");
  }

  SECTION("report entries unwrap `->`") {
    const ast::Report& r = m.reports[0];
    CHECK(r.title == "Support bot");
    REQUIRE(r.entries.size() == 3);
    CHECK(r.entries[0].label == "hopper");
    REQUIRE(r.entries[0].unit.has_value());
    CHECK(r.entries[0].unit->text == "$/Mtok");
    CHECK(r.entries[0].value->kind == ExprKind::Field);
    CHECK(r.entries[0].value->text == "cost_per_mtok");
    CHECK(r.entries[2].label == "saving");
    CHECK(r.entries[2].unit->text == "$/month");
    REQUIRE(r.entries[2].value->kind == ExprKind::Binary);
    CHECK(r.entries[2].value->bin == BinOp::Sub);
    CHECK(p->text(r.entries[2].value->span) == "hopper.monthly_cost - blackwell.monthly_cost");
  }

  SECTION("the first sweep") {
    const ast::Study& s = m.studies[0];
    CHECK_FALSE(s.is_simulation);
    CHECK(s.title == "Cheapest GPU per batch size meeting the SLO");
    REQUIRE(s.axes.size() == 2);
    CHECK(s.axes[0].name == "gpu");
    REQUIRE(s.axes[0].values->kind == ExprKind::List);
    CHECK(s.axes[0].values->args.size() == 4);
    CHECK(s.axes[0].values->args[3].value->text == "MI300X");
    CHECK(s.axes[1].name == "batch");
    const Expr& range = *s.axes[1].values;
    REQUIRE(range.kind == ExprKind::Range);
    CHECK(range.range == ast::RangeKind::Geometric);
    check_number(*range.a, 1, "");
    check_number(*range.b, 512, "");
    check_number(*range.c, 2, "");
    REQUIRE(s.lets.size() == 1);
    CHECK(s.lets[0].name == "s");
    REQUIRE(s.where.size() == 1);
    CHECK(s.where[0]->bin == BinOp::Le);
    CHECK(s.reduction.kind == ast::ReductionKind::Best);
    REQUIRE(s.reduction.objectives.size() == 1);
    CHECK(s.reduction.objectives[0].dir == ast::Direction::Min);
    CHECK(s.reduction.objectives[0].value->text == "cost_per_mtok");
    REQUIRE(s.reduction.by.size() == 1);
    CHECK(s.reduction.by[0]->text == "gpu");
    REQUIRE(s.show.size() == 4);
    CHECK_FALSE(s.show[0].label.has_value());
    CHECK_FALSE(s.show[0].unit.has_value());
    CHECK(syntax::span_text(p->sm, s.show[0].value->span) == "gpu.name");
    CHECK(s.show[2].unit->text == "tok/s");
    CHECK(syntax::span_text(p->sm, s.show[2].value->span) == "s.tokens_per_s_per_gpu");
    CHECK(s.show[3].unit->text == "$/Mtok");
  }

  SECTION("pareto and simulate") {
    const ast::Study& s = m.studies[1];
    CHECK(s.axes.size() == 3);
    CHECK(s.reduction.kind == ast::ReductionKind::Pareto);
    REQUIRE(s.reduction.objectives.size() == 2);
    CHECK(s.reduction.objectives[0].dir == ast::Direction::Max);
    CHECK(s.reduction.objectives[1].dir == ast::Direction::Max);
    CHECK(s.show.size() == 5);

    const ast::Study& sim = m.studies[2];
    CHECK(sim.is_simulation);
    check_number(*sim.samples, 100000, "");
    check_number(*sim.seed, 42, "");
    REQUIRE(sim.lets.size() == 3);
    const Expr& rent = *sim.lets[0].value;
    CHECK(rent.text == "uniform");
    check_number(*rent.args[0].value, 1.8, "$/hr");
    check_number(*rent.args[1].value, 3.2, "$/hr");
    const Expr& util = *sim.lets[1].value;
    check_number(*util.args[1].value, 60, "%");
    CHECK(has_factor(util.args[1].value->unit, "%", 1));
    const Expr& cost = *sim.lets[2].value;  // rent * 8 / (util * 12000 tok/s)
    REQUIRE(cost.kind == ExprKind::Binary);
    CHECK(cost.bin == BinOp::Div);
    CHECK(cost.a->bin == BinOp::Mul);
    CHECK(cost.b->bin == BinOp::Mul);
    check_number(*cost.b->b, 12000, "tok/s");
    CHECK(sim.show.size() == 4);
    CHECK(sim.show[3].value->text == "mean");
    CHECK(sim.reduction.kind == ast::ReductionKind::None);
  }

  SECTION("assert") {
    const ast::Assert& a = m.asserts[0];
    CHECK(a.condition->bin == BinOp::Lt);
    check_number(*a.condition->b, 1, "$/Mtok");
    CHECK(a.message == "Blackwell plan must stay under $1 per million tokens");
  }

  SECTION("print_ast") {
    std::string dump = syntax::print_ast(m, p->sm);
    CHECK(dump.find("(num 5000000 \"req/month\")") != std::string::npos);
    CHECK(dump.find("(range (num 1) (num 512) geometric (num 2))") != std::string::npos);
    CHECK(dump.find("(/ (* rent (num 8)) (* util (num 12000 \"tok/s\")))") != std::string::npos);
    CHECK(dump == syntax::print_ast(*parse_text(kSketch)->module, p->sm));
  }
}

TEST_CASE("count suffixes touch the number; units do not", "[syntax]") {
  check_number(let_value(*parse_expr("5M req/month"), "x"), 5e6, "req/month");
  check_number(let_value(*parse_expr("100k"), "x"), 1e5, "");
  check_number(let_value(*parse_expr("2G"), "x"), 2e9, "");
  check_number(let_value(*parse_expr("3T tok"), "x"), 3e12, "tok");
  check_number(let_value(*parse_expr("2.5M"), "x"), 2.5e6, "");
  check_number(let_value(*parse_expr("5MB"), "x"), 5, "MB");
  check_number(let_value(*parse_expr("1B"), "x"), 1, "B");
  check_number(let_value(*parse_expr("5 M"), "x"), 5, "M");
  check_number(let_value(*parse_expr("$1M"), "x"), 1e6, "$");
  check_number(let_value(*parse_expr("$1M/yr"), "x"), 1e6, "$/yr");
  check_number(let_value(*parse_expr("1_000_000"), "x"), 1e6, "");
  check_number(let_value(*parse_expr("2.5e-3 s"), "x"), 2.5e-3, "s");
  check_number(let_value(*parse_expr("60%"), "x"), 60, "%");
  check_number(let_value(*parse_expr("$2.49/hr"), "x"), 2.49, "$/hr");
  auto p_money = parse_expr("$2.49/hr");
  const Expr& money = let_value(*p_money, "x");
  CHECK(money.unit.factors.size() == 2);
  CHECK(money.unit.factors[0].name == "$");
  CHECK(money.unit.factors[1].name == "hr");
  CHECK(money.unit.factors[1].power == -1);
}

TEST_CASE("units in literals and after `->`", "[syntax]") {
  SECTION("`/` before a number divides") {
    auto p = parse_expr("50 GB / 2 s");
    const Expr& e = let_value(*p, "x");
    REQUIRE(e.kind == ExprKind::Binary);
    CHECK(e.bin == BinOp::Div);
    check_number(*e.a, 50, "GB");
    check_number(*e.b, 2, "s");
    CHECK(p->text(e.span) == "50 GB / 2 s");
  }
  SECTION("`/` before a name is part of the unit") {
    check_number(let_value(*parse_expr("3.35 TB/s"), "x"), 3.35, "TB/s");
    check_number(let_value(*parse_expr("5 GB / x"), "x"), 5, "GB/x");
  }
  SECTION("powers and juxtaposition") {
    auto p_e = parse_expr("5 kg m^2 s^-2");
    const Expr& e = let_value(*p_e, "x");
    CHECK(e.unit.text == "kg m^2 s^-2");
    CHECK(has_factor(e.unit, "m", 2));
    CHECK(has_factor(e.unit, "s", -2));
    CHECK(let_value(*parse_expr("2^30 B"), "x").bin == BinOp::Pow);
  }
  SECTION("juxtaposition binds tighter than `/`; `*` starts a new numerator") {
    auto p_c = parse_expr("y -> $/GPU hr");
    const Expr& c = let_value(*p_c, "x");
    REQUIRE(c.kind == ExprKind::Convert);
    CHECK(c.unit.text == "$/GPU hr");
    CHECK(has_factor(c.unit, "GPU", -1));
    CHECK(has_factor(c.unit, "hr", -1));
    auto p_d = parse_expr("y -> a/b*c");
    const Expr& d = let_value(*p_d, "x");
    CHECK(has_factor(d.unit, "b", -1));
    CHECK(has_factor(d.unit, "c", 1));
  }
  SECTION("`*` in a literal multiplies") {
    auto p_e = parse_expr("5 GB * 2");
    const Expr& e = let_value(*p_e, "x");
    CHECK(e.bin == BinOp::Mul);
    check_number(*e.a, 5, "GB");
  }
  SECTION("`->` converts the whole expression") {
    auto p_e = parse_expr("a + b -> $/hr");
    const Expr& e = let_value(*p_e, "x");
    REQUIRE(e.kind == ExprKind::Convert);
    CHECK(e.a->bin == BinOp::Add);
  }
}

TEST_CASE("a unit factor must be on the number's line", "[syntax]") {
  auto p = parse_text("let r = Workload {\n  requests = 5M req/month\n  input = 800 tok/req, output = 2\n}\n"
                      "report \"r\" {\n  a: x -> $/Mtok\n  \"Quoted label\": 5 GB\n  b: y\n}\n"
                      "type T {\n  a: Data/Time\n  b: Time = 2 s\n}\n");
  REQUIRE(p->module != nullptr);
  const Expr& r = let_value(*p, "r");
  REQUIRE(r.args.size() == 3);
  check_number(*r.args[0].value, 5e6, "req/month");
  check_number(*r.args[1].value, 800, "tok/req");
  const ast::Report& rep = p->module->reports[0];
  REQUIRE(rep.entries.size() == 3);
  CHECK(rep.entries[0].unit->text == "$/Mtok");
  CHECK(rep.entries[1].label == "Quoted label");
  check_number(*rep.entries[1].value, 5, "GB");
  CHECK(rep.entries[2].label == "b");
  const ast::TypeDecl& t = p->module->types[0];
  REQUIRE(t.fields.size() == 2);
  CHECK(t.fields[0].type.product.text == "Data/Time");
  check_number(*t.fields[1].default_value, 2, "s");

  auto bad = parse_text("let x = 5\nGB\n");
  CHECK(bad->module == nullptr);
  CHECK(bad->code() == "E0004");
  CHECK(bad->first().hint == "a unit must be on the same line as its number");
}

TEST_CASE("operator precedence", "[syntax]") {
  SECTION("-x^2 is -(x^2)") {
    auto p_e = parse_expr("-x^2");
    const Expr& e = let_value(*p_e, "x");
    REQUIRE(e.kind == ExprKind::Unary);
    CHECK(e.un == ast::UnOp::Neg);
    CHECK(e.a->bin == BinOp::Pow);
  }
  SECTION("^ is right associative") {
    auto p_e = parse_expr("a^b^c");
    const Expr& e = let_value(*p_e, "x");
    CHECK(e.a->kind == ExprKind::Name);
    CHECK(e.b->bin == BinOp::Pow);
  }
  SECTION("if then else") {
    auto p = parse_expr("if a > b then 1 else 2 + 3");
    const Expr& e = let_value(*p, "x");
    REQUIRE(e.kind == ExprKind::If);
    CHECK(e.a->bin == BinOp::Gt);
    check_number(*e.b, 1, "");
    CHECK(e.c->bin == BinOp::Add);
    CHECK(p->text(e.span) == "if a > b then 1 else 2 + 3");
  }
  SECTION("not, and, or, synonyms") {
    auto p_e = parse_expr("not a == b and c || !d && e");
    const Expr& e = let_value(*p_e, "x");
    REQUIRE(e.bin == BinOp::Or);
    CHECK(e.a->bin == BinOp::And);
    CHECK(e.a->a->un == ast::UnOp::Not);
    CHECK(e.a->a->a->bin == BinOp::Eq);
    CHECK(e.b->bin == BinOp::And);
  }
  SECTION("arithmetic and parentheses") {
    auto p = parse_expr("(a + b) * c - d / e");
    const Expr& e = let_value(*p, "x");
    CHECK(e.bin == BinOp::Sub);
    CHECK(e.a->bin == BinOp::Mul);
    CHECK(e.a->a->bin == BinOp::Add);
    CHECK(p->text(e.a->a->span) == "(a + b)");
    CHECK(e.b->bin == BinOp::Div);
  }
  SECTION("postfix field access and with") {
    auto p_e = parse_expr("H100 with { rent = $2.10/hr, tdp = 700 W }.rent");
    const Expr& e = let_value(*p_e, "x");
    REQUIRE(e.kind == ExprKind::Field);
    CHECK(e.text == "rent");
    REQUIRE(e.a->kind == ExprKind::With);
    CHECK(e.a->a->text == "H100");
    REQUIRE(e.a->args.size() == 2);
    CHECK(*e.a->args[1].name == "tdp");
  }
  SECTION("min and max are callable; keywords work as field names") {
    auto p_e = parse_expr("min(a, b) + max(c).step");
    const Expr& e = let_value(*p_e, "x");
    CHECK(e.a->kind == ExprKind::Call);
    CHECK(e.a->text == "min");
    CHECK(e.b->kind == ExprKind::Field);
    CHECK(e.b->text == "step");
  }
  SECTION("chained comparisons are an error") {
    auto p = parse_text("let x = a < b < c");
    CHECK(p->module == nullptr);
    CHECK(p->code() == "E0004");
  }
}

TEST_CASE("declarations", "[syntax]") {
  auto p = parse_text(R"(dimension Device
dimension Power = Energy / Time
@prefixes(si, binary) unit B: Data
unit hr = 60 min
unit rack = 72 gpu
let limit: Data/Time = 3 TB/s
fn step_time(bytes: Data, bw: Data/Time = 1 TB/s) -> Time = bytes / bw
fn cost(x: Number) -> Number {
  let y = x * 2
  let z = y
    - 1
  if z > 0 then z else -z
}
fn neg(x: Number) { -x }
sweep "s" {
  over g in [A, B], p in 0% .. 100% step 10%
  top 5 by max g.score
  show "Score": g.score -> 1/s, label: p
}
)");
  for (const auto& d : p->diags.list()) UNSCOPED_INFO(d.message);
  REQUIRE(p->module != nullptr);
  const ast::Module& m = *p->module;
  REQUIRE(m.dimensions.size() == 2);
  CHECK_FALSE(m.dimensions[0].definition.has_value());
  CHECK(m.dimensions[1].definition->text == "Energy/Time");
  REQUIRE(m.units.size() == 3);
  CHECK(m.units[0].name == "B");
  CHECK(m.units[0].base_of->text == "Data");
  CHECK(m.units[0].prefixes == std::vector<std::string>{"si", "binary"});
  check_number(*m.units[1].definition, 60, "min");
  CHECK(m.lets[0].declared->product.text == "Data/Time");
  REQUIRE(m.fns.size() == 3);
  CHECK(m.fns[0].params.size() == 2);
  check_number(*m.fns[0].params[1].default_value, 1, "TB/s");
  CHECK(m.fns[0].result->product.text == "Time");
  CHECK(m.fns[0].body->bin == BinOp::Div);
  REQUIRE(m.fns[1].lets.size() == 2);
  CHECK(m.fns[1].lets[1].value->bin == BinOp::Sub);  // a line starting with `-` continues
  CHECK(m.fns[1].body->kind == ExprKind::If);
  CHECK(m.fns[2].body->kind == ExprKind::Unary);
  const ast::Study& s = m.studies[0];
  const Expr& range = *s.axes[1].values;
  REQUIRE(range.kind == ExprKind::Range);
  CHECK(range.range == ast::RangeKind::Step);
  check_number(*range.c, 10, "%");
  CHECK(s.reduction.kind == ast::ReductionKind::Top);
  check_number(*s.reduction.count, 5, "");
  CHECK(s.reduction.objectives[0].dir == ast::Direction::Max);
  REQUIRE(s.show.size() == 2);
  CHECK(*s.show[0].label == "Score");
  CHECK(s.show[0].unit->text == "1/s");
  CHECK(*s.show[1].label == "label");

  auto plain = parse_text("sweep \"s\" {\n over b in 1 .. 8\n}\n");
  REQUIRE(plain->module != nullptr);
  const Expr& r = *plain->module->studies[0].axes[0].values;
  CHECK(r.range == ast::RangeKind::Step);
  CHECK(r.c == nullptr);
}

TEST_CASE("the keywords of studies double as names", "[syntax]") {
  auto p = parse_text(R"(let step = 20 ms
let seed = 7
fn top(by: Number) { let where = by * 2
  where + step / 1 s }
sweep "s" {
  over best in 1 .. step step 2 ms, show in [seed]
  let samples = best * 2
  where samples > step
  top 3 by max top(show)
  show step: samples, best
}
)");
  for (const auto& d : p->diags.list()) UNSCOPED_INFO(d.message);
  REQUIRE(p->module != nullptr);
  const ast::Module& m = *p->module;
  CHECK(m.lets[0].name == "step");
  CHECK(m.fns[0].name == "top");
  CHECK(m.fns[0].params[0].name == "by");
  CHECK(m.fns[0].lets[0].name == "where");
  CHECK(m.fns[0].body->bin == BinOp::Add);
  const ast::Study& s = m.studies[0];
  REQUIRE(s.axes.size() == 2);
  CHECK(s.axes[0].name == "best");
  CHECK(s.axes[0].values->b->text == "step");
  check_number(*s.axes[0].values->c, 2, "ms");
  CHECK(s.axes[1].name == "show");
  CHECK(s.lets[0].name == "samples");
  CHECK(s.where[0]->b->text == "step");
  CHECK(s.reduction.kind == ast::ReductionKind::Top);
  CHECK(s.reduction.objectives[0].value->text == "top");
  CHECK(*s.show[0].label == "step");
}

TEST_CASE("spans are byte ranges covering the whole node", "[syntax]") {
  auto p = parse_text("let s = \"héllo\"  // ünïcode\nlet x = a +\n    b * 2 GB\n");
  REQUIRE(p->module != nullptr);
  const Expr& x = let_value(*p, "x");
  CHECK(p->text(x.span) == "a +\n    b * 2 GB");
  CHECK(syntax::span_text(p->sm, x.span) == "a + b * 2 GB");
  CHECK(p->text(x.b->b->span) == "2 GB");
  CHECK(p->text(let_value(*p, "s").span) == "\"héllo\"");
  CHECK(p->text(p->module->lets[1].span) == "x");
}

TEST_CASE("byte-level errors", "[syntax][diagnostics]") {
  SECTION("NUL byte") {
    auto p = parse_text(std::string("let x = 1\0", 10));
    CHECK(p->module == nullptr);
    CHECK(p->code() == "E0002");
    CHECK(p->first().span().begin == 9);
  }
  SECTION("invalid UTF-8") {
    auto p = parse_text("let x = \"caf\xC3\x28\"");
    CHECK(p->module == nullptr);
    CHECK(p->code() == "E0003");
    CHECK(p->first().span().begin == 12);
    CHECK(p->first().message == "invalid UTF-8 byte 0xC3");
    auto q = parse_text("let x = 1 \xFF");
    CHECK(q->code() == "E0003");
    CHECK(q->first().message == "invalid UTF-8 byte 0xFF");
  }
}

TEST_CASE("lexical errors", "[syntax][diagnostics]") {
  SECTION("unterminated string points at the opening quote") {
    auto p = parse_text("let a = 1\nlet x = \"abc\nlet y = 2\n");
    CHECK(p->module == nullptr);
    REQUIRE(p->diags.list().size() == 1);
    CHECK(p->code() == "E0005");
    CHECK(p->at().line == 2);
    CHECK(p->at().col == 9);
    CHECK(p->first().span().end - p->first().span().begin == 1);
  }
  SECTION("unexpected character") {
    auto p = parse_text("let x = 5 € 3");
    CHECK(p->code() == "E0006");
    CHECK(p->first().message == "unexpected character `€`");
    CHECK(p->at().col == 11);
  }
  SECTION("unterminated block comment") {
    auto p = parse_text("let x = 1 /* never closed\n let y = 2");
    CHECK(p->module == nullptr);
    CHECK(p->code() == "E0008");
    auto ok = parse_text("/* closed **/ let x = 1 // tail");
    CHECK(ok->module != nullptr);
  }
  SECTION("malformed numbers") {
    CHECK(parse_text("let x = 1__000")->code() == "E0009");
    CHECK(parse_text("let x = 1e999")->code() == "E0009");
    CHECK(parse_text("let x = 1_")->code() == "E0009");
  }
  SECTION("bad escape") {
    auto p = parse_text("let x = \"a\\qb\"");
    CHECK(p->code() == "E0004");
    CHECK(p->text(p->first().span()) == "\\q");
  }
}

TEST_CASE("nesting limits and long chains", "[syntax][diagnostics]") {
  SECTION("10,000 nested parentheses") {
    auto p = parse_text("let x = " + std::string(10000, '(') + "1" + std::string(10000, ')'));
    CHECK(p->module == nullptr);
    REQUIRE(p->diags.list().size() == 1);
    CHECK(p->code() == "E0007");
    CHECK(p->first().message == "nesting deeper than 256 levels");
  }
  SECTION("deep prefix and power chains") {
    std::string negs;
    for (int i = 0; i < 5000; ++i) negs += "- ";
    CHECK(parse_text("let x = " + negs + "1")->code() == "E0007");
    std::string pows = "2";
    for (int i = 0; i < 5000; ++i) pows += "^2";
    CHECK(parse_text("let x = " + pows)->code() == "E0007");
  }
  SECTION("nesting within the limit is fine") {
    auto p = parse_text("let x = " + std::string(200, '(') + "1" + std::string(200, ')'));
    CHECK(p->module != nullptr);
  }
  SECTION("a flat chain of 10,000 terms parses") {
    std::string s = "let x = 1";
    for (int i = 1; i < 10000; ++i) s += "+1";
    auto p = parse_text(s);
    REQUIRE(p->module != nullptr);
    const Expr* e = &let_value(*p, "x");
    int depth = 0;
    while (e->kind == ExprKind::Binary) {
      e = e->a.get();
      ++depth;
    }
    CHECK(depth == 9999);
    CHECK(syntax::print_ast(*p->module, p->sm).size() > 10000);
  }
  SECTION("a flat chain of 100,000 terms is too deep for the later stages") {
    std::string s = "let x = 1";
    for (int i = 1; i < 100000; ++i) s += "+1";
    auto p = parse_text(s);
    CHECK(p->module == nullptr);
    CHECK(p->code() == "E0007");
  }
}

TEST_CASE("syntax errors: first only, tcoc wording, line and column", "[syntax][diagnostics]") {
  SECTION("missing closing bracket at end of file") {
    auto p = parse_text("let x = f(a,\n  b\n");
    CHECK(p->module == nullptr);
    REQUIRE(p->diags.list().size() == 1);
    CHECK(p->first().message == "unexpected end of file; a `)` may be missing");
    CHECK(p->at().line == 2);
  }
  SECTION("unexpected token with its position") {
    auto p = parse_text("let a = 1\nlet b = (a + )\nlet c = ]\n");
    REQUIRE(p->diags.list().size() == 1);
    CHECK(p->first().message == "expected an expression, found `)`");
    CHECK(p->at().line == 2);
    CHECK(p->at().col == 14);
  }
  SECTION("`=` in a report gets a hint") {
    auto p = parse_text("report \"r\" {\n  a = 1\n}\n");
    CHECK(p->first().message == "expected `:`, found `=`");
    CHECK(p->first().hint.find("label: value") != std::string::npos);
  }
  SECTION("`:` in a record literal gets a hint") {
    auto p = parse_text("let x = Foo { a: 1 }");
    CHECK(p->first().message == "expected `=`, found `:`");
    CHECK(p->first().hint.find("name = value") != std::string::npos);
  }
  SECTION("item keywords are not names") {
    auto p = parse_text("let type = 1");
    CHECK(p->first().message == "expected a name, found `type`");
    CHECK(p->first().hint == "`type` is a keyword and cannot be used as a name here");
  }
  SECTION("entries need a newline or a comma") {
    auto p = parse_text("let x = Foo { a = 1 b = 2 }");
    CHECK(p->code() == "E0004");
    CHECK(p->first().message == "expected `,` or a new line before `b`");
  }
  SECTION("one reduction per study") {
    auto p = parse_text("sweep \"s\" {\n  over a in [1]\n  best min a\n  top 3 by max a\n}\n");
    CHECK(p->module == nullptr);
    CHECK(p->code() == "E0004");
    CHECK(p->at().line == 4);
    auto q = parse_text("sweep \"s\" {\n  over a in [1]\n  pareto max a\n}\n");
    CHECK(q->first().message == "`pareto` takes exactly two objectives, found 1");
  }
  SECTION("a function body needs its result") {
    auto p = parse_text("fn f(x: Number) {\n  let y = x\n}\n");
    CHECK(p->code() == "E0004");
    CHECK(p->at().line == 3);
  }
  SECTION("empty and comment-only files are fine") {
    CHECK(parse_text("")->module != nullptr);
    CHECK(parse_text("// nothing\n/* here */\n")->module->items.empty());
    CHECK(parse_text("\xEF\xBB\xBFlet x = 1\n")->module != nullptr);  // a UTF-8 byte order mark
  }
}

#include "compiler/syntax/doc_comments.h"

TEST_CASE("doc comments: the lines above a declaration, the comment ending its line, the module's summary") {
  tco::SourceManager sm;
  const std::string text =
      "// racks: what one team runs.\n"
      "//\n"
      "// Not the summary.\n"
      "\n"
      "// One kind of rack.\n"
      "// Same paragraph.\n"
      "//\n"
      "// Second paragraph.\n"
      "type Rack {\n"
      "  name: Text = \"a // b\"  // the rack's name\n"
      "  slots: Number\n"
      "}\n";
  tco::FileId f = sm.add("racks.tco", text);
  auto span_of = [&](const std::string& word) {
    uint32_t at = static_cast<uint32_t>(text.find(word));
    return tco::Span{f, at, at + static_cast<uint32_t>(word.size())};
  };
  CHECK(tco::syntax::file_comment(sm.file(f)) == "racks: what one team runs.");
  CHECK(tco::syntax::doc_comment(sm, span_of("Rack")) == "One kind of rack.\nSame paragraph.\n\nSecond paragraph.");
  // A `//` inside a string is not a comment.
  CHECK(tco::syntax::line_comment(sm, span_of("name")) == "the rack's name");
  CHECK(tco::syntax::line_comment(sm, span_of("slots")).empty());
  CHECK(tco::syntax::doc_comment(sm, span_of("slots")).empty());
}
