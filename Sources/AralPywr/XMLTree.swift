import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed XML document as a small tree (Foundation's `XMLParser`), for the parts of an
/// `.xlsx` workbook: element names without namespace prefixes except `r:` attributes kept
/// as written, attributes, children and the element's own text.
final class XMLTree {
    struct Failure: Error {
        var message: String
    }

    let name: String
    let attributes: [String: String]
    private(set) var children: [XMLTree] = []
    private(set) var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    static func parse(_ data: Data) throws(Failure) -> XMLTree {
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else {
            let line = parser.lineNumber
            throw Failure(message: "line \(line): \(parser.parserError.map { String(describing: $0) } ?? "cannot parse")")
        }
        return root
    }

    /// Every element named `name` below this one, in document order.
    func all(_ name: String) -> [XMLTree] {
        var result: [XMLTree] = []
        func walk(_ node: XMLTree) {
            for child in node.children {
                if child.name == name { result.append(child) }
                walk(child)
            }
        }
        walk(self)
        return result
    }

    func first(_ name: String) -> XMLTree? { all(name).first }

    /// The text of every `name` element below this one, joined (an `.xlsx` rich-text string
    /// is several `<t>` runs).
    func allText(_ name: String) -> String { all(name).map(\.text).joined() }

    private final class Builder: NSObject, XMLParserDelegate {
        var root: XMLTree?
        var stack: [XMLTree] = []

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let node = XMLTree(name: local, attributes: attributeDict)
            if let parent = stack.last { parent.children.append(node) } else { root = node }
            stack.append(node)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            _ = stack.popLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }
    }
}
