#include "runtime/plot/svg.h"

#include <fmt/format.h>

#include <cmath>

namespace tco::rt::plot {

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters are not allowed in XML 1.0; a title cannot break the file.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') out += ' ';
        else out += c;
    }
  }
  return out;
}

std::string num(double v) {
  if (!std::isfinite(v)) return "0";
  std::string s = fmt::format("{:.2f}", v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

double text_width(std::string_view s, double size) {
  double em = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation: counted with its lead byte
    if (c >= 0x80) em += 0.65;
    else if (c == ' ' || c == '.' || c == ',' || c == ':' || c == ';' || c == '\'' || c == '|' || c == '!' ||
             c == 'i' || c == 'j' || c == 'l' || c == 'I' || c == '(' || c == ')' || c == '[' || c == ']' ||
             c == '/' || c == 't' || c == 'f')
      em += 0.3;
    else if (c == 'm' || c == 'w' || c == 'M' || c == 'W' || c == '%' || c == '@')
      em += 0.86;
    else if (c >= 'A' && c <= 'Z') em += 0.68;
    else em += 0.57;
  }
  return em * size;
}

void Svg::close_mark(const char* tag, std::string_view tip) {
  if (tip.empty()) out_ += "/>\n";
  else out_ += fmt::format("><title>{}</title></{}>\n", xml_escape(tip), tag);
}

void Svg::rect(double x, double y, double w, double h, std::string_view attrs, std::string_view tip) {
  out_ += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {}", num(x), num(y), num(w), num(h), attrs);
  close_mark("rect", tip);
}

void Svg::line(double x1, double y1, double x2, double y2, std::string_view attrs) {
  out_ += fmt::format("<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {}/>\n", num(x1), num(y1), num(x2), num(y2), attrs);
}

void Svg::circle(double cx, double cy, double r, std::string_view attrs, std::string_view tip) {
  out_ += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {}", num(cx), num(cy), num(r), attrs);
  close_mark("circle", tip);
}

static std::string point_list(const std::vector<std::pair<double, double>>& points) {
  std::string s;
  for (const auto& [x, y] : points) {
    if (!s.empty()) s += ' ';
    s += num(x) + "," + num(y);
  }
  return s;
}

void Svg::polyline(const std::vector<std::pair<double, double>>& points, std::string_view attrs) {
  out_ += fmt::format("<polyline points=\"{}\" fill=\"none\" {}/>\n", point_list(points), attrs);
}

void Svg::polygon(const std::vector<std::pair<double, double>>& points, std::string_view attrs, std::string_view tip) {
  out_ += fmt::format("<polygon points=\"{}\" {}", point_list(points), attrs);
  close_mark("polygon", tip);
}

void Svg::text(double x, double y, std::string_view s, std::string_view attrs) {
  out_ += fmt::format("<text x=\"{}\" y=\"{}\"{}{}>{}</text>\n", num(x), num(y), attrs.empty() ? "" : " ", attrs,
                      xml_escape(s));
}

void Svg::open_group(std::string_view attrs) { out_ += fmt::format("<g {}>\n", attrs); }
void Svg::close_group() { out_ += "</g>\n"; }

void Svg::comment(std::string_view s) {
  std::string safe(s);
  for (size_t i; (i = safe.find("--")) != std::string::npos;) safe.replace(i, 2, "- -");
  out_ += fmt::format("<!-- {} -->\n", safe);
}

std::string Svg::finish(double width, double height) const {
  return fmt::format(
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" data-kind=\"{3}\" "
             "font-family=\"Helvetica, Arial, 'Liberation Sans', sans-serif\" font-size=\"12\" fill=\"#222\">\n"
             "<title>{2}</title>\n"
             "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n",
             num(width), num(height), xml_escape(title_), xml_escape(kind_)) +
         out_ + "</svg>\n";
}

}  // namespace tco::rt::plot
