public import AralModel
import AralSchema
import AralPywr

/// Refuses every CSV reference: uploaded models have no files next to them.
public struct NoFileSeriesSource: SeriesSource {
    public struct Refused: Error, CustomStringConvertible {
        public var file: String
        public var description: String {
            "models uploaded to the server cannot read CSV files ('\(file)'); put the values inline (a number or {monthly: [...]})"
        }
    }

    public init() {}

    public func series(file: String, column: String) throws -> TimeSeries {
        throw Refused(file: file)
    }
}

/// Every `url` in an uploaded Pywr file (dataframe parameters and tables): each would read a
/// file on the server's disk.
enum UploadFileReferences {
    static func find(in node: JSONNode, label: String) -> [FileIssue] {
        var found: [FileIssue] = []
        func visit(_ n: JSONNode) {
            if let members = n.members {
                for (key, value) in members {
                    if key == "url" {
                        found.append(FileIssue(file: label, line: value.line, path: value.path, message:
                            "models uploaded to the server cannot read data files ('\(value.string ?? value.typeName)'); put the values inline (e.g. a constant or monthly profile parameter)"))
                    } else {
                        visit(value)
                    }
                }
            } else if let elements = n.elements {
                for e in elements { visit(e) }
            }
        }
        visit(node)
        return found
    }
}
