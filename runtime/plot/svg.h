// A small SVG 1.1 writer: elements appended to a string, every number written with at most
// two decimals, so the same chart is the same bytes on any machine.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tco::rt::plot {

std::string xml_escape(std::string_view s);
// "12.5", "3", "-0.25": two decimals at most, no trailing zeros, never "-0".
std::string num(double v);

// The width of `s` in pixels at `size` px in a Helvetica/Arial-like face, estimated from
// character classes (no font is at hand); generous, so estimated room is real room.
double text_width(std::string_view s, double size);

class Svg {
 public:
  // `kind` is written on the root as data-kind, for tests and scripts that read the file.
  Svg(std::string_view title, std::string_view kind) : title_(title), kind_(kind) {}
  // `attrs` are written as given: `fill="#333" stroke-width="2"`. A mark's `tip`, when
  // given, is its <title>: what a browser shows when the pointer rests on it.
  void rect(double x, double y, double w, double h, std::string_view attrs, std::string_view tip = {});
  void line(double x1, double y1, double x2, double y2, std::string_view attrs);
  void circle(double cx, double cy, double r, std::string_view attrs, std::string_view tip = {});
  void polyline(const std::vector<std::pair<double, double>>& points, std::string_view attrs);
  void polygon(const std::vector<std::pair<double, double>>& points, std::string_view attrs, std::string_view tip = {});
  void text(double x, double y, std::string_view s, std::string_view attrs);
  void open_group(std::string_view attrs);
  void close_group();
  void comment(std::string_view s);
  // Markup built by the caller (text with tspans), its texts already escaped.
  void raw(std::string_view markup) { out_ += markup; }
  // The document, once the drawing's size is known.
  std::string finish(double width, double height) const;

 private:
  void close_mark(const char* tag, std::string_view tip);
  std::string title_, kind_;
  std::string out_;
};

}  // namespace tco::rt::plot
