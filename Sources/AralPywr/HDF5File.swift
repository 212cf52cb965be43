import CHDF5

/// A new HDF5 file written through the HDF5 C library, with the objects PyTables writes:
/// groups, chunked arrays (`CArray`) and compound tables (`Table`), each with PyTables'
/// `CLASS`/`VERSION`/`TITLE` attributes so `tables.open_file` reads them as it reads
/// PyTables' own. Every call's status is checked; a failure names the object.
final class HDF5File {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A table column: a 64-bit integer or a fixed-size byte string (PyTables `Int64Col`,
    /// `StringCol(size)`).
    enum Column {
        case int64(String)
        case string(String, size: Int)

        var name: String {
            switch self {
            case .int64(let n), .string(let n, _): n
            }
        }
        var size: Int {
            switch self {
            case .int64: 8
            case .string(_, let size): size
            }
        }
    }

    enum Cell {
        case int(Int64)
        case text(String)
    }

    let path: String
    private let file: hid_t
    private var groups: Set<String> = ["/"]
    /// zlib level (with shuffle) for arrays and tables, or nil for none.
    let compression: Int?

    init(creating path: String, compression: Int?) throws(Failure) {
        self.path = path
        self.compression = compression
        file = H5Fcreate(path, aral_h5f_acc_trunc(), aral_h5p_default(), aral_h5p_default())
        guard file >= 0 else { throw Failure(description: "cannot create the HDF5 file \(path)") }
    }

    deinit { H5Fclose(file) }

    // MARK: - Attributes

    func setString(_ object: hid_t, _ name: String, _ value: String, on what: String) throws(Failure) {
        let bytes = Array(value.utf8)
        let type = H5Tcopy(aral_h5t_c_s1())
        defer { H5Tclose(type) }
        H5Tset_size(type, max(1, bytes.count))
        H5Tset_strpad(type, H5T_STR_NULLPAD)
        // UTF-8: PyTables reads such an attribute back as text (str), as it wrote it; an
        // ASCII one comes back as bytes.
        H5Tset_cset(type, H5T_CSET_UTF8)
        try write(object, name, type: type, memory: type, bytes: bytes.isEmpty ? [0] : bytes, on: what)
    }

    func setInt64(_ object: hid_t, _ name: String, _ value: Int64, on what: String) throws(Failure) {
        let bytes = withUnsafeBytes(of: value) { Array($0) }
        try write(object, name, type: aral_h5t_std_i64le(), memory: aral_h5t_int64(), bytes: bytes, on: what)
    }

    private func write(_ object: hid_t, _ name: String, type: hid_t, memory: hid_t, bytes: [UInt8], on what: String) throws(Failure) {
        let space = H5Screate(H5S_SCALAR)
        defer { H5Sclose(space) }
        let attribute = H5Acreate2(object, name, type, space, aral_h5p_default(), aral_h5p_default())
        guard attribute >= 0 else { throw Failure(description: "\(path): cannot create attribute \(name) on \(what)") }
        defer { H5Aclose(attribute) }
        let status = bytes.withUnsafeBytes { H5Awrite(attribute, memory, $0.baseAddress) }
        guard status >= 0 else { throw Failure(description: "\(path): cannot write attribute \(name) on \(what)") }
    }

    /// Attributes of the root group (PyTables' own, then `metadata`).
    func setRootAttributes(title: String, metadata: [(key: String, value: String)]) throws(Failure) {
        let root = H5Gopen2(file, "/", aral_h5p_default())
        guard root >= 0 else { throw Failure(description: "\(path): cannot open the root group") }
        defer { H5Gclose(root) }
        try setString(root, "CLASS", "GROUP", on: "/")
        try setString(root, "TITLE", title, on: "/")
        try setString(root, "VERSION", "1.0", on: "/")
        try setString(root, "PYTABLES_FORMAT_VERSION", "2.1", on: "/")
        try setInt64(root, "PYWR_FORMAT", 1, on: "/")
        try setInt64(root, "PYWR_VERSION", 1, on: "/")
        for (key, value) in metadata {
            if let n = Int64(value) { try setInt64(root, key, n, on: "/") } else { try setString(root, key, value, on: "/") }
        }
    }

    // MARK: - Groups

    /// Creates the groups on the way to `path` that do not exist yet (PyTables'
    /// `createparents`), each with PyTables' group attributes.
    func ensureGroup(_ path: String) throws(Failure) {
        var current = ""
        for part in path.split(separator: "/") {
            current += "/" + part
            if groups.contains(current) { continue }
            let g = H5Gcreate2(file, current, aral_h5p_default(), aral_h5p_default(), aral_h5p_default())
            guard g >= 0 else { throw Failure(description: "\(self.path): cannot create group \(current)") }
            defer { H5Gclose(g) }
            try setString(g, "CLASS", "GROUP", on: current)
            try setString(g, "TITLE", "", on: current)
            try setString(g, "VERSION", "1.0", on: current)
            groups.insert(current)
        }
    }

    static func split(_ path: String) -> (parent: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("/", path) }
        let parent = String(path[..<slash])
        return (parent.isEmpty ? "/" : parent, String(path[path.index(after: slash)...]))
    }

    private func datasetProperties(chunk: [hsize_t]) -> hid_t {
        let properties = aral_h5p_dataset_create()
        H5Pset_chunk(properties, Int32(chunk.count), chunk)
        if let level = compression, level > 0 {
            H5Pset_shuffle(properties)
            H5Pset_deflate(properties, UInt32(level))
        }
        return properties
    }

    // MARK: - Arrays

    /// A PyTables `CArray` of doubles (or 32-bit integers when `integer`) with `shape`,
    /// `values` in row-major order, and `attributes` besides PyTables' own.
    func writeArray(_ path: String, shape: [Int], values: [Double], integer: Bool,
                    attributes: [(String, String)]) throws(Failure) {
        try ensureGroup(Self.split(path).parent)
        let dims = shape.map { hsize_t($0) }
        let space = H5Screate_simple(Int32(dims.count), dims, nil)
        defer { H5Sclose(space) }
        // PyTables chunks along the first (time) axis; any chunk shape reads the same.
        var chunk = dims.map { _ in hsize_t(1) }
        chunk[0] = max(1, min(dims[0], 8192))
        let properties = datasetProperties(chunk: chunk)
        defer { H5Pclose(properties) }
        let fileType = integer ? aral_h5t_std_i32le() : aral_h5t_ieee_f64le()
        let dataset = H5Dcreate2(file, path, fileType, space, aral_h5p_default(), properties, aral_h5p_default())
        guard dataset >= 0 else { throw Failure(description: "\(self.path): cannot create the array \(path)") }
        defer { H5Dclose(dataset) }
        let status: herr_t
        if integer {
            let ints = values.map { Int32(exactly: $0.rounded()) ?? 0 }
            status = ints.withUnsafeBytes { H5Dwrite(dataset, aral_h5t_int32(), aral_h5s_all(), aral_h5s_all(), aral_h5p_default(), $0.baseAddress) }
        } else {
            status = values.withUnsafeBytes { H5Dwrite(dataset, aral_h5t_double(), aral_h5s_all(), aral_h5s_all(), aral_h5p_default(), $0.baseAddress) }
        }
        guard status >= 0 else { throw Failure(description: "\(self.path): cannot write the array \(path)") }
        try setString(dataset, "CLASS", "CARRAY", on: path)
        try setString(dataset, "VERSION", "1.1", on: path)
        try setString(dataset, "TITLE", "", on: path)
        for (key, value) in attributes { try setString(dataset, key, value, on: path) }
    }

    // MARK: - Tables

    /// A PyTables `Table`: a one-dimensional, extendible dataset of a compound type with
    /// `columns` in order, and PyTables' `NROWS`/`FIELD_i_NAME`/`FIELD_i_FILL` attributes.
    func writeTable(_ path: String, columns: [Column], rows: [[Cell]]) throws(Failure) {
        try ensureGroup(Self.split(path).parent)
        let rowSize = columns.reduce(0) { $0 + $1.size }
        let type = H5Tcreate(H5T_COMPOUND, rowSize)
        defer { H5Tclose(type) }
        var offset = 0
        var stringTypes: [hid_t] = []
        defer { for t in stringTypes { H5Tclose(t) } }
        for column in columns {
            switch column {
            case .int64(let name): H5Tinsert(type, name, offset, aral_h5t_std_i64le())
            case .string(let name, let size):
                let s = H5Tcopy(aral_h5t_c_s1())
                H5Tset_size(s, size)
                H5Tset_strpad(s, H5T_STR_NULLPAD)
                stringTypes.append(s)
                H5Tinsert(type, name, offset, s)
            }
            offset += column.size
        }
        var bytes = [UInt8](repeating: 0, count: rowSize * rows.count)
        for (r, row) in rows.enumerated() {
            var at = r * rowSize
            for (column, cell) in zip(columns, row) {
                switch cell {
                case .int(let v):
                    withUnsafeBytes(of: v.littleEndian) { for (k, b) in $0.enumerated() { bytes[at + k] = b } }
                case .text(let s):
                    for (k, b) in s.utf8.prefix(column.size).enumerated() { bytes[at + k] = b }
                }
                at += column.size
            }
        }
        var dims = [hsize_t(rows.count)]
        var maxDims = [aral_h5s_unlimited()]
        let space = H5Screate_simple(1, &dims, &maxDims)
        defer { H5Sclose(space) }
        let properties = datasetProperties(chunk: [hsize_t(max(1, min(rows.count, 2048)))])
        defer { H5Pclose(properties) }
        let dataset = H5Dcreate2(file, path, type, space, aral_h5p_default(), properties, aral_h5p_default())
        guard dataset >= 0 else { throw Failure(description: "\(self.path): cannot create the table \(path)") }
        defer { H5Dclose(dataset) }
        if !rows.isEmpty {
            let status = bytes.withUnsafeBytes { H5Dwrite(dataset, type, aral_h5s_all(), aral_h5s_all(), aral_h5p_default(), $0.baseAddress) }
            guard status >= 0 else { throw Failure(description: "\(self.path): cannot write the table \(path)") }
        }
        try setString(dataset, "CLASS", "TABLE", on: path)
        try setString(dataset, "VERSION", "2.7", on: path)
        try setString(dataset, "TITLE", "", on: path)
        try setInt64(dataset, "NROWS", Int64(rows.count), on: path)
        for (i, column) in columns.enumerated() {
            try setString(dataset, "FIELD_\(i)_NAME", column.name, on: path)
            switch column {
            case .int64: try setInt64(dataset, "FIELD_\(i)_FILL", 0, on: path)
            case .string: try setString(dataset, "FIELD_\(i)_FILL", "", on: path)
            }
        }
    }
}

/// Reads one dataset of an HDF5 file (a PyTables `Array`/`CArray`, as Pywr's
/// `TablesArrayParameter` reads it) as doubles, whatever its numeric type.
enum HDF5ArrayReader {
    static func read(file path: String, dataset: String) throws(HDF5File.Failure) -> (shape: [Int], values: [Double]) {
        let file = H5Fopen(path, aral_h5f_acc_rdonly(), aral_h5p_default())
        guard file >= 0 else { throw HDF5File.Failure(description: "cannot open the HDF5 file \(path)") }
        defer { H5Fclose(file) }
        return try read(file, dataset: dataset, path: path)
    }

    /// The same from a file already open (`path` names it in messages).
    static func read(_ file: hid_t, dataset: String, path: String) throws(HDF5File.Failure) -> (shape: [Int], values: [Double]) {
        let d = H5Dopen2(file, dataset, aral_h5p_default())
        guard d >= 0 else { throw HDF5File.Failure(description: "the HDF5 file \(path) has no array '\(dataset)'") }
        defer { H5Dclose(d) }
        let type = H5Dget_type(d)
        defer { H5Tclose(type) }
        let typeClass = H5Tget_class(type)
        guard typeClass == H5T_FLOAT || typeClass == H5T_INTEGER else {
            throw HDF5File.Failure(description: "'\(dataset)' in \(path) is not an array of numbers")
        }
        let space = H5Dget_space(d)
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        guard rank >= 1 else { throw HDF5File.Failure(description: "'\(dataset)' in \(path) is not an array") }
        var dims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(space, &dims, nil)
        let count = dims.reduce(1) { $0 * Int($1) }
        var values = [Double](repeating: .nan, count: count)
        let status = values.withUnsafeMutableBytes { H5Dread(d, aral_h5t_double(), aral_h5s_all(), aral_h5s_all(), aral_h5p_default(), $0.baseAddress) }
        guard status >= 0 else { throw HDF5File.Failure(description: "cannot read '\(dataset)' in \(path)") }
        return (dims.map { Int($0) }, values)
    }
}
