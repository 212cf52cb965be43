import AralModel
import AralSchema
import AralWorkflows

/// The basin schematic: nodes laid out left to right by their longest distance from a source
/// along the edges, drawn by kind. With a run's results, reservoirs show their mean fill and
/// demands the share of their demand delivered (green when served, red when short), and each
/// node links to its series.
struct Schematic {
    struct State {
        /// Mean storage over the run / capacity, 0…1.
        var fill: [String: Double] = [:]
        /// Delivered / demanded over the run, 0…1.
        var satisfaction: [String: Double] = [:]
    }

    var nodes: [NodeDocument]
    var edges: [EdgeDocument]
    var state: State?
    /// `/runs/{id}/nodes/` when nodes link to their series.
    var linkPrefix: String?

    func layers() -> [String: Int] {
        var layer: [String: Int] = [:]
        for n in nodes { layer[n.name] = 0 }
        // Longest path by relaxation; at most `nodes.count` rounds, so a cycle cannot loop forever.
        for _ in 0..<max(nodes.count, 1) {
            var changed = false
            for e in edges {
                guard let from = layer[e.from], let to = layer[e.to] else { continue }
                if to < from + 1, from + 1 <= nodes.count {
                    layer[e.to] = from + 1
                    changed = true
                }
            }
            if !changed { break }
        }
        // A plant sits beside its reservoir.
        for n in nodes where n.kind == .hydropower {
            if let r = n.reservoir ?? n.link, let l = layer[r] { layer[n.name] = l }
        }
        return layer
    }

    func render() -> String {
        let layer = layers()
        let dx = 150.0, dy = 70.0, margin = 50.0
        var rows: [Int: Int] = [:]
        var position: [String: (x: Double, y: Double)] = [:]
        for n in nodes {
            let l = layer[n.name] ?? 0
            let r = rows[l, default: 0]
            rows[l] = r + 1
            position[n.name] = (margin + dx * Double(l), margin + dy * Double(r))
        }
        let width = margin * 2 + dx * Double(max((layer.values.max() ?? 0), 0)) + 60
        let height = margin * 2 + dy * Double(max((rows.values.max() ?? 1) - 1, 0)) + 20
        var out = "<svg class=\"schematic\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"basin schematic\">"
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrowhead\"/></marker></defs>"
        for e in edges {
            guard let a = position[e.from], let b = position[e.to] else { continue }
            out += "<line x1=\"\(SVG.number(a.x + 16))\" y1=\"\(SVG.number(a.y))\" x2=\"\(SVG.number(b.x - 18))\" y2=\"\(SVG.number(b.y))\" class=\"edge\" marker-end=\"url(#arrow)\"/>"
        }
        for n in nodes {
            guard let p = position[n.name] else { continue }
            var shape = ""
            var note = ""
            switch n.kind {
            case .reservoir:
                let fill = state?.fill[n.name]
                shape = "<rect x=\"\(SVG.number(p.x - 16))\" y=\"\(SVG.number(p.y - 16))\" width=\"32\" height=\"32\" class=\"node reservoir\"/>"
                if let fill {
                    let h = 32 * min(max(fill, 0), 1)
                    shape += "<rect x=\"\(SVG.number(p.x - 16))\" y=\"\(SVG.number(p.y + 16 - h))\" width=\"32\" height=\"\(SVG.number(h))\" class=\"water\"/>"
                    note = " \(SVG.number(fill * 100, 0))% full"
                }
            case .demand:
                let s = state?.satisfaction[n.name]
                let color = s.map(Self.satisfactionColor) ?? "#ffffff"
                shape = "<circle cx=\"\(SVG.number(p.x))\" cy=\"\(SVG.number(p.y))\" r=\"14\" class=\"node demand\" fill=\"\(color)\"/>"
                if let s { note = " \(SVG.number(s * 100, 0))% served" }
            case .hydropower:
                shape = "<polygon points=\"\(SVG.number(p.x)),\(SVG.number(p.y - 16)) \(SVG.number(p.x + 16)),\(SVG.number(p.y + 12)) \(SVG.number(p.x - 16)),\(SVG.number(p.y + 12))\" class=\"node plant\"/>"
            case .inflow:
                shape = "<circle cx=\"\(SVG.number(p.x))\" cy=\"\(SVG.number(p.y))\" r=\"10\" class=\"node inflow\"/>"
            case .sink:
                shape = "<rect x=\"\(SVG.number(p.x - 14))\" y=\"\(SVG.number(p.y - 10))\" width=\"28\" height=\"20\" rx=\"10\" class=\"node sink\"/>"
            case .link, .confluence:
                shape = "<circle cx=\"\(SVG.number(p.x))\" cy=\"\(SVG.number(p.y))\" r=\"6\" class=\"node link\"/>"
            }
            let title = "<title>\(SVG.escape(n.name)) (\(n.kind.rawValue)\(n.owner.map { ", " + SVG.escape($0) } ?? ""))\(note)</title>"
            let text = "<text x=\"\(SVG.number(p.x))\" y=\"\(SVG.number(p.y + 30))\" class=\"node-label\" text-anchor=\"middle\">\(SVG.escape(n.name))</text>"
            if let linkPrefix {
                out += "<a href=\"\(linkPrefix)\(SVG.urlSegment(n.name))\" class=\"node-link\">\(shape)\(title)\(text)</a>"
            } else {
                out += "<g>\(shape)\(title)\(text)</g>"
            }
        }
        return out + "</svg>"
    }

    /// Red (0) through amber to green (1).
    static func satisfactionColor(_ s: Double) -> String {
        switch s {
        case ..<0.5: return "#d7301f"
        case ..<0.8: return "#fc8d59"
        case ..<0.95: return "#fee08b"
        default: return "#1a9850"
        }
    }
}
