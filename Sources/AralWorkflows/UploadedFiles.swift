public import AralModel
import AralSchema
import Foundation

/// CSV files that came with an uploaded model in the same request, held in memory: the series
/// a model names with `{csv: FILE, column: …}` are read from these, by file name, and from
/// nothing else (no path reaches the disk: `../x.csv` is simply a name no upload carries).
public struct UploadedFilesSeriesSource: SeriesSource {
    /// File name → CSV text.
    public let files: [String: String]
    /// The upload's label, for messages.
    public let label: String

    public init(files: [String: String], label: String) {
        self.files = files
        self.label = label
    }

    public func series(file: String, column: String) throws -> TimeSeries {
        // A browser sends a file's name without its folder: `hydrology/x.csv` is found as `x.csv`.
        let name = file.split(separator: "/").last.map(String.init) ?? file
        guard let text = files[file] ?? files[name] else {
            let names = files.keys.sorted().joined(separator: ", ")
            throw ModelFileError(FileIssue(file: label, path: file, message:
                "the model reads '\(file)', which is not among the files uploaded with it (\(names.isEmpty ? "none" : names))"))
        }
        let table = try CSVTable.parse(text, file: file)
        guard let c = table.columnIndex(column), c > 0 else {
            throw ModelFileError(FileIssue(file: file, line: 1, path: column,
                message: "no column '\(column)'; the columns are: \(table.header.dropFirst().joined(separator: ", "))"))
        }
        return try CSVSeriesSource.series(from: table, column: c)
    }
}
