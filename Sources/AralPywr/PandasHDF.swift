import Foundation
import AralModel
import CHDF5

/// A pandas DataFrame stored with `DataFrame.to_hdf` in pandas' fixed format (PyTables): a
/// group with `pandas_type = frame`, the column names in `axis0`, the index in `axis1`
/// (datetime64 nanoseconds since 1970), and the values in `block0_values` (rows × columns).
/// Pywr's `dataframe` parameter reads such files with `pandas.read_hdf`; Aral turns the frame
/// into the CSV text its data-frame reader already aligns (ISO dates in the first column).
enum PandasHDF {
    static func csvText(path: String, key: String?) throws(HDF5File.Failure) -> String {
        let file = H5Fopen(path, aral_h5f_acc_rdonly(), aral_h5p_default())
        guard file >= 0 else { throw HDF5File.Failure(description: "cannot open the HDF5 file \(path)") }
        defer { H5Fclose(file) }
        let group: String
        if let key { group = "/" + key.trimmingCharacters(in: CharacterSet(charactersIn: "/")) } else { group = try onlyGroup(file, path: path) }
        let names = try strings(file, group + "/axis0", path: path)
        let index = try int64s(file, group + "/axis1", path: path)
        let values = try HDF5ArrayReader.read(file, dataset: group + "/block0_values", path: path)
        guard (try? strings(file, group + "/block1_values", path: path)) == nil,
              values.shape.count == 2, values.shape[0] == index.count, values.shape[1] == names.count else {
            throw HDF5File.Failure(description: "\(path): '\(group)' is not a pandas frame of one block of numbers (\(names.count) columns, \(index.count) rows)")
        }
        var out = "index," + names.joined(separator: ",") + "\n"
        for (r, nanoseconds) in index.enumerated() {
            let days = Int((Double(nanoseconds) / 86_400e9).rounded(.down))
            out += CivilDate(dayNumber: days).description + "," + (0..<names.count).map { "\(values.values[r * names.count + $0])" }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// The one top-level group of the file (pandas' key when the file holds one frame).
    static func onlyGroup(_ file: hid_t, path: String) throws(HDF5File.Failure) -> String {
        var info = H5G_info_t()
        guard H5Gget_info_by_name(file, "/", &info, aral_h5p_default()) >= 0 else {
            throw HDF5File.Failure(description: "cannot list the HDF5 file \(path)")
        }
        var groups: [String] = []
        for i in 0..<info.nlinks {
            let size = H5Lget_name_by_idx(file, "/", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, aral_h5p_default())
            guard size > 0 else { continue }
            var buffer = [CChar](repeating: 0, count: Int(size) + 1)
            H5Lget_name_by_idx(file, "/", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, Int(size) + 1, aral_h5p_default())
            groups.append("/" + String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        guard groups.count == 1, let only = groups.first else {
            throw HDF5File.Failure(description: "\(path) holds \(groups.count) objects (\(groups.joined(separator: ", "))); say which with 'key'")
        }
        return only
    }

    static func strings(_ file: hid_t, _ dataset: String, path: String) throws(HDF5File.Failure) -> [String] {
        let d = H5Dopen2(file, dataset, aral_h5p_default())
        guard d >= 0 else { throw HDF5File.Failure(description: "\(path) has no '\(dataset)'") }
        defer { H5Dclose(d) }
        let type = H5Dget_type(d)
        defer { H5Tclose(type) }
        guard H5Tget_class(type) == H5T_STRING, H5Tis_variable_str(type) == 0 else {
            throw HDF5File.Failure(description: "'\(dataset)' in \(path) is not fixed-size text")
        }
        let size = H5Tget_size(type)
        let space = H5Dget_space(d)
        defer { H5Sclose(space) }
        let count = Int(H5Sget_simple_extent_npoints(space))
        var bytes = [UInt8](repeating: 0, count: size * count)
        guard bytes.withUnsafeMutableBytes({ H5Dread(d, type, aral_h5s_all(), aral_h5s_all(), aral_h5p_default(), $0.baseAddress) }) >= 0 else {
            throw HDF5File.Failure(description: "cannot read '\(dataset)' in \(path)")
        }
        return (0..<count).map { i in String(decoding: bytes[(i * size)..<((i + 1) * size)].prefix { $0 != 0 }, as: UTF8.self) }
    }

    static func int64s(_ file: hid_t, _ dataset: String, path: String) throws(HDF5File.Failure) -> [Int64] {
        let d = H5Dopen2(file, dataset, aral_h5p_default())
        guard d >= 0 else { throw HDF5File.Failure(description: "\(path) has no '\(dataset)'") }
        defer { H5Dclose(d) }
        let space = H5Dget_space(d)
        defer { H5Sclose(space) }
        var values = [Int64](repeating: 0, count: Int(H5Sget_simple_extent_npoints(space)))
        guard values.withUnsafeMutableBytes({ H5Dread(d, aral_h5t_int64(), aral_h5s_all(), aral_h5s_all(), aral_h5p_default(), $0.baseAddress) }) >= 0 else {
            throw HDF5File.Failure(description: "cannot read '\(dataset)' in \(path)")
        }
        return values
    }
}
