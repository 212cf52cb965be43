import Foundation

/// Where a model comes from. The difference matters for the files a model may read: a model
/// file reads its CSV series (and Pywr data files) relative to its folder; an upload to the
/// server has no folder and may read no file at all (a `{csv: ../../etc/passwd}` would read
/// the server's disk), so its series are inline or come with it in the same request.
public enum ModelSource: Sendable {
    /// A model file on disk.
    case file(path: String)
    /// Model text received over HTTP; `label` names it in messages (e.g. `upload`); `files` are
    /// the CSV files uploaded with it (file name → text), the only series files it may read.
    case upload(text: String, label: String, files: [String: String] = [:])

    /// The name messages give the model: its path, or the upload's label.
    public var label: String {
        switch self {
        case .file(let path): path
        case .upload(_, let label, _): label
        }
    }

    /// The folder a model file's relative series paths start from.
    var baseDirectory: String? {
        guard case .file(let path) = self else { return nil }
        let base = (path as NSString).deletingLastPathComponent
        return base.isEmpty ? "." : base
    }
}
