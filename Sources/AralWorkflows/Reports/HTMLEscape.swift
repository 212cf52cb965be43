/// Escapes text for HTML and SVG, element content and quoted attributes alike: the one escaper
/// of the CLI's plan report and the dashboard.
///
/// Per Unicode scalar, not per Character: `"` followed by a combining mark is one Character
/// (`"\u{301}`) that equals no plain `"`, yet a browser ends the attribute at the scalar `"`
/// all the same.
public enum HTMLEscape {
    public static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
