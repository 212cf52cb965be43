import CHDF5

/// Reads back what `tablesrecorder` wrote, through the HDF5 C library (as PyTables does):
/// an array's shape and values, and a string attribute.
struct HDF5Reader {
    let file: hid_t

    init?(path: String) {
        let f = H5Fopen(path, aral_h5f_acc_rdonly(), aral_h5p_default())
        guard f >= 0 else { return nil }
        file = f
    }

    func close() { H5Fclose(file) }

    /// (shape, values as doubles) of the dataset at `path`, nil when it is missing.
    func array(_ path: String) -> (shape: [Int], values: [Double])? {
        let d = H5Dopen2(file, path, aral_h5p_default())
        guard d >= 0 else { return nil }
        defer { H5Dclose(d) }
        let space = H5Dget_space(d)
        defer { H5Sclose(space) }
        let rank = Int(H5Sget_simple_extent_ndims(space))
        var dims = [hsize_t](repeating: 0, count: rank)
        H5Sget_simple_extent_dims(space, &dims, nil)
        let count = dims.reduce(1) { $0 * Int($1) }
        var values = [Double](repeating: .nan, count: count)
        let status = values.withUnsafeMutableBytes { H5Dread(d, aral_h5t_double(), aral_h5s_all(), aral_h5s_all(), aral_h5p_default(), $0.baseAddress) }
        guard status >= 0 else { return nil }
        return (dims.map { Int($0) }, values)
    }

    /// A scalar string attribute of the object at `path`.
    func attribute(_ path: String, _ name: String) -> String? {
        let a = H5Aopen_by_name(file, path, name, aral_h5p_default(), aral_h5p_default())
        guard a >= 0 else { return nil }
        defer { H5Aclose(a) }
        let type = H5Aget_type(a)
        defer { H5Tclose(type) }
        let size = H5Tget_size(type)
        var bytes = [UInt8](repeating: 0, count: size)
        guard bytes.withUnsafeMutableBytes({ H5Aread(a, type, $0.baseAddress) }) >= 0 else { return nil }
        return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }
}
