import Foundation

/// Inline SVG charts, built as text: the dashboard's pages and `aral plan --report` draw with the
/// same code. Every piece of user text goes through `escape`; numbers are
/// formatted here. The dashboard embeds the result unescaped, so nothing else may reach it.
public enum SVG {
    /// Colours that stay distinguishable for common colour-vision deficiencies (Okabe–Ito).
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    /// Every piece of user text (see `HTMLEscape`).
    public static func escape(_ text: String) -> String { HTMLEscape.escape(text) }

    /// A path segment for a URL inside an attribute.
    public static func urlSegment(_ text: String) -> String {
        escape(text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    public static func number(_ v: Double, _ digits: Int = 1) -> String {
        guard v.isFinite else { return "0" }
        return String(format: "%.\(digits)f", v)
    }

    /// Thousands separators for labels: 12,345.
    public static func label(_ v: Double) -> String {
        let rounded = abs(v) >= 100 ? number(v, 0) : number(v, abs(v) >= 10 ? 1 : 2)
        guard abs(v) >= 1000, let intPart = rounded.split(separator: ".").first else { return rounded }
        let negative = intPart.hasPrefix("-")
        let digits = Array(intPart.drop(while: { $0 == "-" }))
        var grouped = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { grouped += "," }
            grouped.append(d)
        }
        return (negative ? "-" : "") + grouped
    }

    public struct Line: Sendable {
        public var label: String
        public var values: [Double]
        /// Where each value sits among the chart's `dates` (nil: value k at date k). Two runs
        /// over different years are drawn each at its own dates: the compare page stretched a
        /// 24-month run over another's 30 years (found from outside).
        public var positions: [Int]?
        public init(label: String, values: [Double], positions: [Int]? = nil) {
            self.label = label
            self.values = values
            self.positions = positions
        }
    }

    /// A line chart over steps: one polyline per series, y from zero, a legend, and the first
    /// and last dates on the x axis. Scales with the page (viewBox).
    public static func lineChart(title: String, unit: String, dates: [String], lines: [Line]) -> String {
        let w = 640.0, h = 260.0, left = 56.0, right = 12.0, top = 28.0, bottom = 40.0
        let n = max(lines.map(\.values.count).max() ?? 0, dates.count)
        let maxY = max(lines.flatMap(\.values).max() ?? 0, 1e-9)
        var out = frame(title: title, unit: unit, size: (w, h), margins: (left, right, top, bottom), maxY: maxY)
        for (i, line) in lines.enumerated() {
            let colour = palette[i % palette.count]
            let points = line.values.enumerated().map { j, v in
                let at = line.positions.map { j < $0.count ? $0[j] : j } ?? j
                let x = n > 1 ? left + (w - left - right) * Double(at) / Double(n - 1) : (left + w - right) / 2
                let y = top + (h - top - bottom) * (1 - max(0, v) / maxY)
                return (x, y)
            }
            if points.count == 1, let (x, y) = points.first {
                // One step: a point, where a polyline of one vertex drew nothing (found from outside).
                out += "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"3\" fill=\"\(colour)\"/>"
            } else if points.count > 1 {
                out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " "))\"/>"
            }
        }
        if let first = dates.first, let last = dates.last {
            out += "<text x=\"\(left)\" y=\"\(number(h - bottom + 14))\" class=\"axis\">\(escape(first))</text>"
            out += "<text x=\"\(w - right)\" y=\"\(number(h - bottom + 14))\" class=\"axis\" text-anchor=\"end\">\(escape(last))</text>"
        }
        out += legend(lines.map(\.label), y: h - 8, left: left)
        return out + "</svg>"
    }

    public struct BarGroup: Sendable {
        public var label: String
        public var values: [Double]
        public init(label: String, values: [Double]) { self.label = label; self.values = values }
    }

    /// Grouped bars: one group per category, one bar per series (`seriesLabels`).
    public static func barChart(title: String, unit: String, seriesLabels: [String], groups: [BarGroup]) -> String {
        let w = 640.0, h = 260.0, left = 56.0, right = 12.0, top = 28.0, bottom = 56.0
        let maxY = max(groups.flatMap(\.values).max() ?? 0, 1e-9)
        var out = frame(title: title, unit: unit, size: (w, h), margins: (left, right, top, bottom), maxY: maxY)
        let groupWidth = (w - left - right) / Double(max(groups.count, 1))
        let barWidth = groupWidth * 0.8 / Double(max(seriesLabels.count, 1))
        for (g, group) in groups.enumerated() {
            let x0 = left + groupWidth * Double(g) + groupWidth * 0.1
            for (s, v) in group.values.enumerated() {
                let bh = (h - top - bottom) * max(0, v) / maxY
                out += "<rect x=\"\(number(x0 + barWidth * Double(s)))\" y=\"\(number(h - bottom - bh))\" width=\"\(number(barWidth))\" height=\"\(number(bh))\" fill=\"\(palette[s % palette.count])\"><title>\(escape(group.label)) \(escape(s < seriesLabels.count ? seriesLabels[s] : "")): \(label(v)) \(escape(unit))</title></rect>"
            }
            out += "<text x=\"\(number(x0 + groupWidth * 0.4))\" y=\"\(number(h - bottom + 14))\" class=\"axis\" text-anchor=\"middle\">\(escape(group.label))</text>"
        }
        out += legend(seriesLabels, y: h - 8, left: left)
        return out + "</svg>"
    }

    /// The opening of a chart: its title, and five grid lines labelled from `maxY` down to zero.
    static func frame(title: String, unit: String, size: (w: Double, h: Double),
                      margins: (left: Double, right: Double, top: Double, bottom: Double), maxY: Double) -> String {
        let (w, h) = size, (left, right, top, bottom) = margins
        var out = "<svg class=\"chart\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"\(escape(title))\">"
        out += "<title>\(escape(title))</title>"
        out += "<text x=\"\(left)\" y=\"16\" class=\"chart-title\">\(escape(title)) (\(escape(unit)))</text>"
        for k in 0...4 {
            let y = top + (h - top - bottom) * Double(k) / 4
            out += "<line x1=\"\(left)\" x2=\"\(w - right)\" y1=\"\(number(y))\" y2=\"\(number(y))\" class=\"grid\"/>"
            out += "<text x=\"\(left - 4)\" y=\"\(number(y + 4))\" class=\"axis\" text-anchor=\"end\">\(label(maxY * Double(4 - k) / 4))</text>"
        }
        return out
    }

    public static func legend(_ labels: [String], y: Double, left: Double) -> String {
        var out = ""
        var x = left
        for (i, l) in labels.enumerated() {
            out += "<rect x=\"\(number(x))\" y=\"\(number(y - 9))\" width=\"10\" height=\"10\" fill=\"\(palette[i % palette.count])\"/>"
            out += "<text x=\"\(number(x + 14))\" y=\"\(number(y))\" class=\"axis\">\(escape(l))</text>"
            x += 24 + Double(min(l.count, 24)) * 6.5
        }
        return out
    }
}
